//go:build race

package markdown

// raceShrink divides the sizes of the tests that guard against quadratic
// time. Under the race detector every step costs about ten times as much,
// so a quarter of the size still keeps a quadratic version at minutes,
// far past the guard, while a linear one ends in a quarter of the time.
const raceShrink = 4
