package render

import (
	"github.com/dossier-ssg/dossier/internal/model"
)

// ColumnHead heads a source's column of a matrix: short enough that a
// dozen sources fit a screen (the outlet and the start of the title),
// with the whole title for screen readers and as a tooltip.
type ColumnHead struct {
	Link   Link   // the source's page; Text is the full label, "Outlet: Title"
	Outlet string // may be empty
	Short  string // the title, cut short
}

// maxHeadTitle is how much of a source's title a column head shows.
const maxHeadTitle = 28

func (s *site) columnHeads(p *Page) []ColumnHead {
	heads := make([]ColumnHead, 0, len(s.d.Sources))
	for _, src := range s.d.Sources {
		full := src.Title
		if src.Outlet != "" {
			full = src.Outlet + ": " + src.Title
		}
		heads = append(heads, ColumnHead{Link: s.link(p, full, pagePath("source", src.ID)), Outlet: src.Outlet, Short: truncate(src.Title, maxHeadTitle)})
	}
	return heads
}

// ClaimsMatrixView is the claims x sources matrix. Only claims that at
// least one source speaks to have a row. Up to maxMatrixColumns sources
// each have a column (Dense); past that, a column each would make a page
// no one can read, and each row lists the sources that speak to its
// claim instead.
type ClaimsMatrixView struct {
	Dense      bool
	Heads      []ColumnHead // the sources' columns, when Dense
	Rows       []ClaimsMatrixRow
	Sources    int // sources in the dossier
	Silent     int // claims no source speaks to, left out
	MaxColumns int
}

// ClaimsMatrixRow is one claim across the sources: Cells holds one cell
// per source when the matrix is dense, Stances only the sources that
// speak to it otherwise.
type ClaimsMatrixRow struct {
	Claim   Link
	Verdict VerdictView
	Cells   []MatrixCell
	Stances []MatrixStance
}

// maxMatrixColumns is the most sources the claims matrix gives a column
// each.
const maxMatrixColumns = 40

func (s *site) claimsMatrix(p *Page) {
	p.Kind, p.Title = "claims-matrix", s.l.Get("page.claims-matrix")
	d := s.d
	v := &ClaimsMatrixView{Dense: len(d.Sources) <= maxMatrixColumns, Sources: len(d.Sources), MaxColumns: maxMatrixColumns}
	index := map[*model.Source]int{}
	for i, src := range d.Sources {
		index[src] = i
	}
	if v.Dense {
		v.Heads = s.columnHeads(p)
	}
	for _, c := range d.Claims {
		if len(c.Annotations) == 0 {
			v.Silent++
			continue
		}
		row := ClaimsMatrixRow{Claim: s.link(p, c.Statement, pagePath("claim", c.ID)), Verdict: s.verdictView(c.Assessment)}
		if v.Dense {
			row.Cells = make([]MatrixCell, len(d.Sources))
		}
		for _, a := range c.Annotations {
			href := pagePath("claim", c.ID) + "#row-" + a.Source.ID
			st := MatrixStance{Stance: s.stanceView(a.Stance), Href: href, Abs: s.abs(href)}
			if v.Dense {
				cell := &row.Cells[index[a.Source]]
				cell.Stances = append(cell.Stances, st)
				continue
			}
			st.Source = a.Source.Name()
			if a.Source.Outlet != "" {
				st.Source += ": " + truncate(a.Source.Title, maxHeadTitle)
			}
			row.Stances = append(row.Stances, st)
		}
		v.Rows = append(v.Rows, row)
	}
	p.ClaimsMatrix = v
}
