//go:build !unix

package load

import "os"

// openFlags: outside Unix, named pipes do not live among files.
const openFlags = os.O_RDONLY
