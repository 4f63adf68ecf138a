//go:build !linux

package site

import (
	"errors"
	"fmt"
)

// exchangeFolders cannot swap two names in one step here; the caller falls
// back to two renames.
func exchangeFolders(a, b string) error {
	return fmt.Errorf("exchanging %s and %s: %w", a, b, errors.ErrUnsupported)
}
