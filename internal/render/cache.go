package render

import "sync"

// Cache keeps, between renderings of one dossier (the preview), what was
// parsed and rendered of its Markdown texts: each by its page, position and
// words, under a fingerprint of what else it depends on. The zero value is
// ready; a nil *Cache keeps nothing.
type Cache struct {
	parsed   textCache[*parsed]
	rendered textCache[*rendered]
}

// textCache keeps what was made of each text, by its page, position and
// words, under a fingerprint of what else it depends on: a different
// fingerprint starts it empty. It is safe for concurrent use.
type textCache[T any] struct {
	mu    sync.Mutex
	print [32]byte
	gen   int          // renderings readied so far
	m     map[string]T // used in this rendering
	old   map[string]T // of the one before, dropped when not used again
}

// textUse is one rendering's use of a textCache. Once the next rendering
// is readied it neither finds nor keeps anything: a page of the old site,
// laid out while the new one was built, must not leave HTML made under the
// old fingerprint (an old title in a citation mark) to the new site.
type textUse[T any] struct {
	tc  *textCache[T]
	gen int
}

// get returns what was kept for key; a nil use keeps nothing.
func (u *textUse[T]) get(key string) (T, bool) {
	var zero T
	if u == nil {
		return zero, false
	}
	tc := u.tc
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.gen != u.gen {
		return zero, false
	}
	v, ok := tc.m[key]
	if !ok {
		if v, ok = tc.old[key]; ok {
			tc.m[key] = v
		}
	}
	return v, ok
}

func (u *textUse[T]) put(key string, v T) {
	if u == nil {
		return
	}
	tc := u.tc
	tc.mu.Lock()
	if tc.gen == u.gen {
		tc.m[key] = v
	}
	tc.mu.Unlock()
}

// ready starts a rendering: what the last one did not use is dropped, and
// everything when the fingerprint changed.
func (tc *textCache[T]) ready(print [32]byte) *textUse[T] {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.print != print {
		tc.print, tc.m = print, nil
	}
	tc.old, tc.m = tc.m, map[string]T{}
	tc.gen++
	return &textUse[T]{tc: tc, gen: tc.gen}
}

// parsedFor and renderedFor ready the text caches for a rendering with
// the given fingerprint; both are nil for a nil cache.
func (c *Cache) parsedFor(print [32]byte) *textUse[*parsed] {
	if c == nil {
		return nil
	}
	return c.parsed.ready(print)
}

func (c *Cache) renderedFor(print [32]byte) *textUse[*rendered] {
	if c == nil {
		return nil
	}
	return c.rendered.ready(print)
}

// key is what t is kept under: its page, its place and its words. A nil
// use keeps nothing and makes no key, which copies the whole text.
func (u *textUse[T]) key(t *text) string {
	if u == nil {
		return ""
	}
	return t.path + "\x00" + t.pos.String() + "\x00" + t.text
}
