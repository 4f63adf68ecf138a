package render

import (
	"crypto/sha256"
	"encoding/json"
	"sync"

	"github.com/dossier-ssg/dossier/internal/diag"
)

// Cache keeps, between renderings of one dossier, its parsed Markdown texts
// and its rendered pages, so the preview lays out again only the pages
// whose data changed. The zero value is ready; a nil *Cache keeps nothing.
//
// A page is kept by the SHA-256 of its data (everything its template
// receives) and of the templates: since a template sees nothing else, the
// same sum means the same bytes. A text is kept by its page, position and
// words, under a fingerprint of what else it depends on.
type Cache struct {
	mu        sync.Mutex
	docsPrint [32]byte
	docs      map[string]*parsed
	templates [32]byte // sum of the templates the pages were laid out with
	pages     map[string]pageEntry
	laidOut   int // pages the last rendering laid out, not kept
}

// LaidOut says how many pages the last rendering laid out rather than
// kept.
func (c *Cache) LaidOut() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.laidOut
}

type pageEntry struct {
	sum  [32]byte
	data []byte
}

// docCache is the view of the cache that one parseAll uses.
type docCache struct {
	c    *Cache
	next map[string]*parsed
	mu   sync.Mutex
}

// docsFor readies the text cache for a rendering with the given
// fingerprint; a different fingerprint starts it empty.
func (c *Cache) docsFor(print [32]byte) *docCache {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.docsPrint != print {
		c.docsPrint, c.docs = print, nil
	}
	return &docCache{c: c, next: map[string]*parsed{}}
}

func (dc *docCache) get(key string) *parsed {
	if dc == nil {
		return nil
	}
	dc.c.mu.Lock()
	pd := dc.c.docs[key]
	dc.c.mu.Unlock()
	if pd != nil {
		dc.mu.Lock()
		dc.next[key] = pd
		dc.mu.Unlock()
	}
	return pd
}

// put keeps a parsed text for the next rendering. The texts of this
// rendering replace the cache's when it ends, so what is no longer used is
// dropped.
func (dc *docCache) put(key string, pd *parsed) {
	if dc == nil {
		return
	}
	dc.mu.Lock()
	dc.next[key] = pd
	dc.mu.Unlock()
	dc.c.mu.Lock()
	if dc.c.docs == nil {
		dc.c.docs = map[string]*parsed{}
	}
	dc.c.docs[key] = pd
	dc.c.mu.Unlock()
}

func docKey(path, text string, pos diag.Pos) string {
	return path + "\x00" + pos.String() + "\x00" + text
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

// pageSum is the SHA-256 of everything a page's template receives.
func pageSum(tmpl string, p *Page) [32]byte {
	h := sha256.New()
	h.Write([]byte(tmpl + "\x00"))
	if err := json.NewEncoder(h).Encode(p); err != nil {
		panic(err) // views hold only strings, numbers, slices and pointers
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}
