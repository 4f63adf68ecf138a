package render

import (
	"encoding/binary"
	"hash/maphash"
	"reflect"
	"sync"
)

// Cache keeps, between renderings of one dossier, its parsed Markdown texts
// and its rendered pages, so the preview lays out again only the pages
// whose data changed. The zero value is ready; a nil *Cache keeps nothing.
//
// A page is kept by a hash of its data (everything its template
// receives) and the SHA-256 of the templates: since a template sees nothing else, the
// same sum means the same bytes. A text is kept by its page, position and
// words, under a fingerprint of what else it depends on.
type Cache struct {
	parsed    textCache[*parsed]
	rendered  textCache[*rendered]
	mu        sync.Mutex
	templates [32]byte // sum of the templates the pages were laid out with
	pages     map[string]pageEntry
	laidOut   int // pages the last rendering laid out, not kept
	seed      maphash.Seed
	seeded    bool
}

// hashSeed is the cache's seed for page sums, the same for its lifetime.
func (c *Cache) hashSeed() maphash.Seed {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.seeded {
		c.seed, c.seeded = maphash.MakeSeed(), true
	}
	return c.seed
}

// LaidOut says how many pages the last rendering laid out rather than
// kept.
func (c *Cache) LaidOut() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.laidOut
}

type pageEntry struct {
	sum  uint64
	data []byte
}

// textCache keeps what was made of each text, by its page, position and
// words, under a fingerprint of what else it depends on: a different
// fingerprint starts it empty. It is safe for concurrent use.
type textCache[T any] struct {
	mu    sync.Mutex
	print [32]byte
	m     map[string]T
}

// get returns what was kept for key; a nil cache keeps nothing.
func (tc *textCache[T]) get(key string) (T, bool) {
	var zero T
	if tc == nil {
		return zero, false
	}
	tc.mu.Lock()
	defer tc.mu.Unlock()
	v, ok := tc.m[key]
	return v, ok
}

func (tc *textCache[T]) put(key string, v T) {
	if tc == nil {
		return
	}
	tc.mu.Lock()
	tc.m[key] = v
	tc.mu.Unlock()
}

// ready empties the cache when its fingerprint changes.
func (tc *textCache[T]) ready(print [32]byte) *textCache[T] {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.print != print || tc.m == nil {
		tc.print, tc.m = print, map[string]T{}
	}
	return tc
}

// parsedFor and renderedFor ready the text caches for a rendering with
// the given fingerprint; both are nil for a nil cache.
func (c *Cache) parsedFor(print [32]byte) *textCache[*parsed] {
	if c == nil {
		return nil
	}
	return c.parsed.ready(print)
}

func (c *Cache) renderedFor(print [32]byte) *textCache[*rendered] {
	if c == nil {
		return nil
	}
	return c.rendered.ready(print)
}

func docKey(t *text) string {
	return t.path + "\x00" + t.pos.String() + "\x00" + t.text
}

// pagesFor returns the kept pages when they were laid out with the same
// templates, or an empty set to fill; nil for a nil cache.
func (c *Cache) pagesFor(t *Templates) map[string]pageEntry {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.templates != t.sum || c.pages == nil {
		return map[string]pageEntry{}
	}
	return c.pages
}

// keepPages replaces the kept pages with those of the last rendering.
func (c *Cache) keepPages(pages map[string]pageEntry, t *Templates, laidOut int) {
	c.mu.Lock()
	c.templates, c.pages, c.laidOut = t.sum, pages, laidOut
	c.mu.Unlock()
}

// pageSum is a hash of everything a page's template receives, written by
// a walk of its data: strings as they are, length first, no escaping and no
// allocation, which JSON spent most of an edit's rebuild on. maphash is
// fast and, with 64 bits, safe for a cache that lives as long as the
// process: a collision among a site's pages is a 1 in 10^11 chance.
func pageSum(seed maphash.Seed, tmpl string, p *Page) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteString(tmpl)
	hashValue(&h, reflect.ValueOf(p))
	return h.Sum64()
}

// fieldCache holds each view type's exported fields: reflect's Field is
// slow enough to matter when every page is hashed.
var fieldCache sync.Map // reflect.Type -> []int

func exportedFields(t reflect.Type) []int {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]int)
	}
	var idx []int
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			idx = append(idx, i)
		}
	}
	fieldCache.Store(t, idx)
	return idx
}

func hashValue(h *maphash.Hash, v reflect.Value) {
	var n [8]byte
	writeInt := func(i uint64) {
		binary.LittleEndian.PutUint64(n[:], i)
		h.Write(n[:])
	}
	switch v.Kind() {
	case reflect.String:
		writeInt(uint64(v.Len()))
		h.WriteString(v.String())
	case reflect.Bool:
		if v.Bool() {
			h.WriteByte(1)
		} else {
			h.WriteByte(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		writeInt(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		writeInt(v.Uint())
	case reflect.Pointer:
		if v.IsNil() {
			h.WriteByte(0)
			return
		}
		h.WriteByte(1)
		hashValue(h, v.Elem())
	case reflect.Slice, reflect.Array:
		writeInt(uint64(v.Len()))
		for i := range v.Len() {
			hashValue(h, v.Index(i))
		}
	case reflect.Struct:
		for _, i := range exportedFields(v.Type()) {
			hashValue(h, v.Field(i))
		}
	default:
		// Views hold strings, numbers, booleans, slices, structs and
		// pointers to them; anything else would go unhashed.
		panic("render: cannot hash a " + v.Kind().String() + " in page data")
	}
}
