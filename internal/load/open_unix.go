//go:build unix

package load

import (
	"os"
	"syscall"
)

// openFlags opens without waiting: a named pipe that got past the check
// before the open then opens at once, and the check after it refuses it.
// On a regular file O_NONBLOCK changes nothing.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
