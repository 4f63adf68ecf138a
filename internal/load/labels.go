package load

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/labels"
	"github.com/dossier-ssg/dossier/internal/model"
)

// labelForms are the keys of a count label's mapping.
var labelForms = []string{"one", "two", "other"}

// labels reads labels: in dossier.yaml, a mapping of label keys to their
// words, into own. A label that says a count takes one text for every
// count, or a mapping of one:, two: and other:. Each text is checked
// where it stands: the placeholders the page fills in, the brackets that
// mark what it links.
func (d *decoder) labels(own map[string]labels.Text) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			d.errorf(n, "labels must be a mapping of label keys to their words, not %s; dossier labels prints one to start from", kindName(n))
			return
		}
		keys := labels.Keys()
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			key := k.Value
			switch {
			case !slices.Contains(keys, key):
				d.errorf(k, "unknown label %q%s; dossier labels prints every key with its text", key, diag.DidYouMean(key, keys))
				continue
			case seen[key]:
				d.errorf(k, "label %q appears twice in labels; keep one", key)
				continue
			}
			seen[key] = true
			if text, ok := d.label(key, v); ok {
				own[key] = text
			}
		}
	}
}

// label reads and checks the words of one label.
func (d *decoder) label(key string, v *yaml.Node) (labels.Text, bool) {
	var text labels.Text
	ok := true
	form := func(node *yaml.Node, name string, dst *string) {
		s := ""
		if node.Kind == yaml.ScalarNode && node.Tag != "!!null" {
			s = strings.TrimSpace(node.Value)
		} else if node.Kind != yaml.ScalarNode {
			d.errorf(node, "label %q must be a text, not %s%s", key, kindName(node), quoteHint(node))
			ok = false
			return
		}
		if msg := labels.Check(key, name, s); msg != "" {
			d.errorf(node, "%s", msg)
			ok = false
			return
		}
		*dst = s
	}
	count := labels.IsCount(key)
	switch {
	case v.Kind == yaml.MappingNode && count && isForms(v):
		seen := map[string]bool{}
		for i := 0; i+1 < len(v.Content); i += 2 {
			fk, fv := v.Content[i], v.Content[i+1]
			if seen[fk.Value] {
				d.errorf(fk, "label %q gives %s: twice; keep one", key, fk.Value)
				ok = false
				continue
			}
			seen[fk.Value] = true
			switch fk.Value {
			case "one":
				form(fv, "one", &text.One)
			case "two":
				form(fv, "two", &text.Two)
			default:
				form(fv, "other", &text.Other)
			}
		}
		if !seen["other"] {
			d.errorf(v, "label %q needs other:, its text for most counts, beside one: and two:", key)
			ok = false
		}
	case v.Kind == yaml.MappingNode && count:
		d.errorf(v, "label %q is a text, or one:, two: and other: for the counts it says, not %s%s", key, kindName(v), quoteHint(v))
		ok = false
	case v.Kind == yaml.MappingNode:
		d.errorf(v, "label %q says no count, so it takes one text, not %s%s", key, kindName(v), quoteHint(v))
		ok = false
	default:
		name := ""
		if count {
			name = "other"
		}
		form(v, name, &text.Other)
	}
	return text, ok
}

// isForms reports whether a mapping's keys are all forms of a count.
func isForms(v *yaml.Node) bool {
	for i := 0; i < len(v.Content); i += 2 {
		if !slices.Contains(labelForms, v.Content[i].Value) {
			return false
		}
	}
	return true
}

// quoteHint says why a text may have become a mapping or a list: YAML
// reads a value that starts with { or [ as one.
func quoteHint(v *yaml.Node) string {
	if v.Style&yaml.FlowStyle != 0 {
		return ` (a text that starts with { or [ must be quoted: write it in "double quotes")`
	}
	return ""
}

// resolveLabels gives d its words: the built-in table of its language,
// with own over it. A language with no table of its own says, at
// language:, how many of its pages' words stay English.
func resolveLabels(d *model.Dossier, own map[string]labels.Text, errs *diag.List) {
	base, builtin := labels.For(d.Language)
	d.Labels = base.With(own)
	if builtin {
		return
	}
	all := len(labels.Keys())
	english := all - len(own)
	if english == 0 {
		return
	}
	how := fmt.Sprintf("%d of its %d labels", english, all)
	if english == all {
		how = fmt.Sprintf("all %d labels", all)
	}
	errs.Warn(d.LanguagePos, "dossier has no labels of its own for language %q (only for %s), so %s on its pages stay English: translate them under labels: (dossier labels prints them all, ready to paste), or write language: en",
		d.Language, strings.Join(labels.Languages(), " and "), how)
}
