//go:build !race

package markdown

// raceShrink: see race_test.go.
const raceShrink = 1
