package render

import "testing"

func TestCountsInWords(t *testing.T) {
	for c, want := range map[Counts]string{
		{}: "0 sources, 0 questions, 0 claims, 0 quotes, 0 relations between claims",
		{Sources: 1, Questions: 1, Claims: 1, Quotes: 1, Relations: 1}:    "1 source, 1 question, 1 claim, 1 quote, 1 relation between claims",
		{Sources: 3, Questions: 7, Claims: 24, Quotes: 51, Relations: 17}: "3 sources, 7 questions, 24 claims, 51 quotes, 17 relations between claims",
	} {
		if got := c.String(); got != want {
			t.Errorf("%+v: %q, want %q", c, got, want)
		}
	}
}
