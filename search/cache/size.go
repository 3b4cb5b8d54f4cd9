package cache

import (
	"unsafe"

	"github.com/pullquote/pullquote/search"
)

// sizeOf estimates the bytes resp holds: its structs and the strings they
// point to. Strings shared with the index's own memory are counted too, so
// the estimate errs high.
func sizeOf(resp *search.Response) int {
	n := int(unsafe.Sizeof(*resp)) + len(resp.Query) + len(resp.Suggestion)
	for _, h := range resp.Hits {
		n += int(unsafe.Sizeof(h)) + len(h.ID) + len(h.ReviewID) + len(h.Work) + len(h.Site) +
			len(h.Outlet) + len(h.Author) + len(h.Kind) + len(h.Title) + len(h.URL) +
			len(h.Text) + len(h.Highlight)
		if h.Score != nil {
			n += int(unsafe.Sizeof(*h.Score)) + len(h.Score.Raw)
		}
		if h.Helpful != nil {
			n += int(unsafe.Sizeof(*h.Helpful))
		}
		for _, a := range h.Also {
			n += int(unsafe.Sizeof(a)) + len(a.ReviewID) + len(a.Site) + len(a.Outlet) + len(a.Author) + len(a.URL)
		}
	}
	for _, o := range resp.Facets.Outlet {
		n += int(unsafe.Sizeof(o)) + len(o.Value)
	}
	for _, b := range resp.Facets.Score {
		n += int(unsafe.Sizeof(b)) + len(b.Label)
	}
	for _, d := range resp.Facets.Date {
		n += int(unsafe.Sizeof(d)) + len(d.Label)
	}
	return n
}
