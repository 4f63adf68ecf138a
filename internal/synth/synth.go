// Package synth writes synthetic dossiers for benchmarks and scale tests:
// N claims, N/10 sources and 50 questions in the current schema, shaped
// like ../shared/bench/synth_dossier.py (each claim page carries about
// what one page of its Hugo twin, synth_hugo.py, does: ~300 words, a few
// notes, a table, a highlighted code block and two cross-links). The same
// size and seed always give the same bytes.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Options shape a synthetic dossier.
type Options struct {
	Claims    int
	Questions int  // 50 when zero
	Lean      bool // no claim contexts: statements and quotes only
	Seed      uint64
}

// Stats say what was written.
type Stats struct {
	Claims, Sources, Questions, Origins, Annotations int
}

func (s Stats) String() string {
	return fmt.Sprintf("%d claims, %d sources, %d questions, %d origins, %d annotations", s.Claims, s.Sources, s.Questions, s.Origins, s.Annotations)
}

const (
	origins      = 40
	perSource    = 27 // claims each source annotates
	perSourceAns = 3  // answers of questions each source annotates besides
)

var (
	vocabulary = strings.Fields("badge portrait official plenary meeting party source report claim quote ministry " +
		"agency photo leader citizen loyalty pin lapel statement analysis evidence capture " +
		"committee delegation briefing spokesperson archive caption newspaper broadcast " +
		"correspondent defector satellite imagery ceremony anniversary decree regulation " +
		"factory province border market currency shortage harvest")
	stances     = []string{"supports", "supports", "supports", "supports", "supports", "supports", "supports", "supports", "supports", "supports", "disputes", "disputes", "disputes", "hedges", "hedges", "hedges", "hedges", "mentions", "mentions", "mentions"}
	kinds       = []string{"report", "report", "analysis", "opinion", "official", "interview"}
	originKinds = []string{"agency", "ministry", "official", "outlet", "media", "person", "photo"}
	relations   = []string{"supports", "contradicts", "context", "refines", "depends-on"}
)

type gen struct {
	r *rand.Rand
	b strings.Builder
}

func (g *gen) words(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = vocabulary[g.r.IntN(len(vocabulary))]
	}
	return strings.Join(w, " ")
}

func (g *gen) sentence(n int) string {
	s := g.words(n)
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func (g *gen) para(n int) string {
	var out []string
	for done := 0; done < n; {
		m := min(n-done, 8+g.r.IntN(9))
		out = append(out, g.sentence(m))
		done += m
	}
	return strings.Join(out, " ")
}

// block is a YAML literal block scalar indented by indent spaces.
func block(text string, indent int) string {
	pad := strings.Repeat(" ", indent)
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pad + l
		}
	}
	return "|\n" + strings.Join(lines, "\n") + "\n"
}

func q(s string) string { return strconv.Quote(s) } // a JSON string is a YAML scalar

// restsOn reports whether a statement of stance a can rest on a source of
// stance b, by the model's rule: one that takes a side only on a source
// that takes the same.
func restsOn(a, b string) bool {
	return a != "supports" && a != "disputes" || a == b
}

// Write writes a dossier of opt.Claims claims into dir, which it creates.
func Write(dir string, opt Options) (Stats, error) {
	C := max(opt.Claims, 3)
	S := max(3, C/10)
	Q := opt.Questions
	if Q == 0 {
		Q = 50
	}
	// Questions take two claims on average as their answers: a small
	// dossier has fewer, so that each has one.
	Q = min(Q, max(1, C/2))
	st := Stats{Claims: C, Sources: S, Questions: Q, Origins: origins}
	g := &gen{r: rand.New(rand.NewPCG(opt.Seed, 42))}

	// Each question is answered by one to three claims of its own.
	answers := make([][]int, Q)
	answerOf := map[int]int{}
	next := 0
	for i := range answers {
		for range 1 + i%3 {
			if next >= C {
				break
			}
			answers[i] = append(answers[i], next)
			answerOf[next] = i
			next++
		}
	}
	// Which claims each source speaks to: every claim at least once, in a
	// shuffled order, then at random; plus the answers of three questions.
	perm := g.r.Perm(C)
	srcClaims := make([][]int, S)
	for s := range S {
		seen := map[int]bool{}
		for j := 0; len(srcClaims[s]) < min(perSource, C); j++ {
			c := perm[(s*perSource+j)%C]
			if j >= perSource {
				c = g.r.IntN(C)
			}
			if !seen[c] {
				seen[c] = true
				srcClaims[s] = append(srcClaims[s], c)
			}
		}
		for range perSourceAns {
			as := answers[g.r.IntN(Q)]
			if len(as) == 0 {
				continue // fewer claims than questions take: this one has none
			}
			if c := as[g.r.IntN(len(as))]; !seen[c] {
				seen[c] = true
				srcClaims[s] = append(srcClaims[s], c)
			}
		}
	}
	stanceOf := make([]map[int]string, S) // what each source says of each claim, once written
	speaks := make([]map[int]bool, S)
	for s, cs := range srcClaims {
		speaks[s] = map[int]bool{}
		for _, c := range cs {
			speaks[s][c] = true
		}
	}

	// dossier.yaml
	y := &g.b
	fmt.Fprintf(y, "title: Synthetic dossier for benchmarks\ndescription: %s\nlanguage: en\n", q(fmt.Sprintf("%d claims, %d sources, %d questions, generated for benchmarking.", C, S, Q)))
	y.WriteString("method: " + block(strings.Join([]string{
		g.para(60) + " See [a claim](claim:c0) and [a question](question:q0) [@s0].",
		"**What remains uncertain.**",
		"- *Dates.* " + g.para(20),
		"- *Independence.* " + g.para(20) + " [@s1, paragraph 2]",
	}, "\n\n"), 2))
	y.WriteString("origins:\n")
	originRelays := make([]int, origins)
	for i := range origins {
		fmt.Fprintf(y, "  - id: o%d\n    name: %s\n    kind: %s\n", i, q(fmt.Sprintf("Origin %d: the %s %s", i, g.words(2), originKinds[g.r.IntN(len(originKinds))])), originKinds[g.r.IntN(len(originKinds))])
		originRelays[i] = -1
		if i%4 != 0 {
			originRelays[i] = i - 1
			fmt.Fprintf(y, "    relays: o%d\n", i-1)
		}
		if i%3 == 0 {
			fmt.Fprintf(y, "    note: %s\n", q(g.sentence(10)))
		}
	}
	topics := make([]string, 40)
	for i := range topics {
		topics[i] = fmt.Sprintf("Topic %d: %s", i, g.words(3))
	}
	y.WriteString("questions:\n")
	for i := range Q {
		fmt.Fprintf(y, "  - id: q%d\n    question: %s\n    topic: %s\n", i, q(fmt.Sprintf("Question %d: %s?", i, g.words(6))), q(topics[i%len(topics)]))
		if i%5 == 0 {
			y.WriteString("    multiple_answers: true\n")
		}
		y.WriteString("    answers:\n")
		for _, c := range answers[i] {
			fmt.Fprintf(y, "      - claim: c%d\n        answer: %s\n", c, q("Answer "+g.words(3)))
		}
		if i%2 == 0 {
			ctx := g.para(40) + fmt.Sprintf(" Compare [claim %d](claim:c%d) and [question %d](question:q%d) [@s%d].", i%C, i%C, (i+1)%Q, (i+1)%Q, i%S)
			y.WriteString("    context: " + block(ctx, 6))
		}
	}
	y.WriteString("claims:\n")
	for i := range C {
		fmt.Fprintf(y, "  - id: c%d\n    statement: %s\n    topic: %s\n", i, q(fmt.Sprintf("Claim %d: %s.", i, g.words(9))), q(topics[i%len(topics)]))
		if !opt.Lean {
			a, b := g.r.IntN(C), g.r.IntN(Q)
			cite := fmt.Sprintf("s%d", i%S)
			ctx := strings.Join([]string{
				g.para(70) + fmt.Sprintf(" See [claim %d](claim:c%d) and [question %d](question:q%d) [@%s, paragraph %d].", a, a, b, b, cite, 1+i%9),
				"",
				`| source | stance | "quote" |`,
				"|---|---|---|",
				fmt.Sprintf(`| s%d | supports | "%s" |`, i%S, g.words(8)),
				fmt.Sprintf(`| s%d | disputes | "%s" |`, (i+1)%S, g.words(8)),
				fmt.Sprintf(`| s%d | hedges | "%s" |`, (i+2)%S, g.words(8)),
				"",
				"```yaml",
				fmt.Sprintf("claim: c%d", i),
				"stance: supports",
				fmt.Sprintf(`quote: "%s"`, g.words(6)),
				"```",
				"",
				g.para(70) + ` It's "reported" -- not confirmed...`,
			}, "\n")
			y.WriteString("    context: " + block(ctx, 6))
		}
		// Supports and depends-on point only to earlier claims, so no
		// claim backs itself through a circle.
		var rel []string
		for range 1 + i%2 {
			t, kind := g.r.IntN(C), relations[g.r.IntN(len(relations))]
			if (kind == "supports" || kind == "depends-on") && t >= i {
				kind = "context"
			}
			if t != i && !strings.Contains(strings.Join(rel, ","), fmt.Sprintf("c%d:", t)) {
				rel = append(rel, fmt.Sprintf("c%d:%s", t, kind))
			}
		}
		if len(rel) > 0 {
			y.WriteString("    related:\n")
			for _, r := range rel {
				t, kind, _ := strings.Cut(r, ":")
				fmt.Fprintf(y, "      - claim: %s\n        relation: %s\n", t, kind)
				if g.r.Float64() < 0.2 {
					fmt.Fprintf(y, "        note: %s\n", q(g.sentence(8)))
				}
			}
		}
		if i%97 == 5 {
			// An override the rules do not give themselves, which would
			// be a warning: no source only mentions these claims.
			fmt.Fprintf(y, "    verdict:\n      value: no-evidence\n      rationale: %s\n", q("The quotes could not be traced in the articles. "+g.sentence(8)))
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		return st, err
	}
	if err := os.WriteFile(filepath.Join(dir, "dossier.yaml"), []byte(y.String()), 0o644); err != nil {
		return st, err
	}

	// content/s<N>.md
	for s := range S {
		g.b.Reset()
		b := &g.b
		relayOrigins := [2]int{g.r.IntN(origins), g.r.IntN(origins)}
		relaySrc := -1
		kind := kinds[g.r.IntN(len(kinds))]
		claims := srcClaims[s]
		switch {
		case s > 10 && s%20 == 0:
			// A republication repeats one earlier source: it speaks to what
			// that source speaks to.
			kind, relaySrc = "republication", g.r.IntN(s)
			for _, c := range srcClaims[relaySrc] {
				if !speaks[s][c] {
					claims = append(claims, c)
					speaks[s][c] = true
				}
			}
			srcClaims[s] = claims
		case s > 10 && s%7 == 0:
			relaySrc = g.r.IntN(s) // an earlier source: no cycles
		}
		fmt.Fprintf(b, "---\ntitle: %s\n", q(fmt.Sprintf("Source %d: %s", s, g.sentence(7))))
		if s%11 == 0 {
			fmt.Fprintf(b, "outlet_note: %s\n", q("The aggregator names no outlet. "+g.sentence(6)))
		} else {
			fmt.Fprintf(b, "outlet: %s\n", q(fmt.Sprintf("Outlet %d %s", s%60, g.words(1))))
		}
		if s%3 != 0 {
			fmt.Fprintf(b, "author: %s\n", q(fmt.Sprintf("Author %d %s", s%300, g.words(1))))
		}
		if s%5 != 0 {
			fmt.Fprintf(b, "url: https://example.org/%d/articles/%d-%s\n", s%60, s, g.words(1))
		}
		fmt.Fprintf(b, "kind: %s\n", kind)
		switch s % 4 {
		case 0:
			fmt.Fprintf(b, "published: 2024-%02d-%02d\n", 1+s%12, 1+s%28)
		case 1:
			fmt.Fprintf(b, "published: 2023-%02d\n", 1+s%12)
		case 2:
			fmt.Fprintf(b, "published:\n  date: 2022-%02d-%02d\n  doubtful: true\n  note: %s\n", 1+s%12, 1+s%28, q("The printed date may be an archive date. "+g.sentence(8)))
		}
		b.WriteString("retrieved: 2026-11-01\n")
		if s%2 == 1 {
			fmt.Fprintf(b, "notes: %s\n", q("The capture mixes in navigation. "+g.sentence(10)))
		}
		fmt.Fprintf(b, "capture:\n  file: %04d_synthetic.txt\n  sha256: %016x%016x%016x%016x\n", s, g.r.Uint64(), g.r.Uint64(), g.r.Uint64(), g.r.Uint64())
		b.WriteString("relays:\n")
		for _, o := range relayOrigins {
			fmt.Fprintf(b, "  - origin: o%d\n", o)
			if g.r.Float64() < 0.5 {
				fmt.Fprintf(b, "    note: %s\n", q(g.sentence(6)))
			}
		}
		if relaySrc >= 0 {
			fmt.Fprintf(b, "  - source: s%d\n    note: %s\n", relaySrc, q("republished "+g.words(3)))
		}
		b.WriteString("annotations:\n")
		stanceOf[s] = map[int]string{}
		for j, c := range claims {
			stance := stances[g.r.IntN(len(stances))]
			if c%97 == 5 && stance == "mentions" {
				// Its claim has an editor's verdict of no-evidence,
				// which only mentions would give too (a warning).
				stance = "hedges"
			}
			if kind == "republication" && speaks[relaySrc][c] {
				stance = stanceOf[relaySrc][c] // a republication says what it republishes
			}
			stanceOf[s][c] = stance
			fmt.Fprintf(b, "  - claim: c%d\n    stance: %s\n    quote: %s\n    locator: paragraph %d\n", c, stance, q(g.sentence(12+g.r.IntN(13))), 1+j%12)
			st.Annotations++
			r := g.r.Float64()
			switch {
			case kind == "republication" && speaks[relaySrc][c]:
				// rests on the republished source, which speaks to it
			case kind == "republication":
				b.WriteString("    via: own\n") // what the republication adds
			case r < 0.3:
				o := relayOrigins[0] // the relayed origin, or one it relays
				if r < 0.1 && originRelays[o] >= 0 {
					o = originRelays[o]
				}
				fmt.Fprintf(b, "    via: o%d\n", o)
			case r < 0.35 && relaySrc >= 0 && speaks[relaySrc][c] && restsOn(stance, stanceOf[relaySrc][c]):
				fmt.Fprintf(b, "    via: s%d\n", relaySrc)
			default:
				b.WriteString("    via: own\n")
			}
			if j%6 == 0 {
				fmt.Fprintf(b, "    note: %s\n", q(g.sentence(9)))
			}
		}
		b.WriteString("---\n")
		o1, o2 := g.r.IntN(S), g.r.IntN(S)
		qa := answerOf[claims[0]]
		fmt.Fprintf(b, "# Summary\n\n%s The source says [claim %d](claim:c%d) holds [@s%d, paragraph 2], as does [another source](source:s%d) [@s%d; @s%d, p. 4].\n\n",
			g.para(60), claims[0], claims[0], s, o1, o1, o2)
		fmt.Fprintf(b, "%s On [question %d](question:q%d) it is *less* clear; see <https://example.org/%d/notes> and [the archive](https://example.org/archive/%d).\n\n", g.para(70), qa, qa, s, s)
		fmt.Fprintf(b, "## What it quotes\n\n| claim | stance | our reading |\n|---|---|---|\n| [c%d](claim:c%d) | supports | %s |\n| [c%d](claim:c%d) | disputes | %s |\n| [c%d](claim:c%d) | hedges | %s |\n\n",
			claims[1], claims[1], g.words(8), claims[2], claims[2], g.words(8), claims[3%len(claims)], claims[3%len(claims)], g.words(8))
		fmt.Fprintf(b, "```yaml\nsource: s%d\nclaims: [c%d, c%d, c%d]\nquote: \"%s\"\n```\n\n", s, claims[1], claims[2], claims[3%len(claims)], g.words(6))
		fmt.Fprintf(b, "- %s\n- %s [@s%d]\n- It's \"reported\" -- %s\n\n%s\n", g.sentence(10), g.sentence(10), s, g.sentence(8), g.para(80))
		if err := os.WriteFile(filepath.Join(dir, "content", fmt.Sprintf("s%d.md", s)), []byte(b.String()), 0o644); err != nil {
			return st, err
		}
	}
	return st, nil
}
