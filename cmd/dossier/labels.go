package main

import (
	"fmt"
	"io"

	"gopkg.in/yaml.v3"

	"github.com/dossier-ssg/dossier/internal/labels"
	"github.com/dossier-ssg/dossier/internal/load"
)

func cmdLabels(args []string, stdout, stderr io.Writer) int {
	var lang string
	fset := argFlags("labels", "[-lang TAG]", fmt.Sprintf(`Prints every fixed word of dossier's pages (verdict and stance names, headings,
navigation, the sentences that explain a verdict) as a labels: block for
%s, in the language TAG: paste it, keep what you change, and set
language: to your tag. A key left out keeps the words of the built-in table
of language:, or English. Built in: %s.

In a label, {name} is filled in by the page and must stay; [words] in
brackets are the words it links; a label that says a count, {n}, may give
one:, two: and other: texts.`, load.ConfigName, joinAnd(labels.Languages())), stderr)
	fset.StringVar(&lang, "lang", "en", "the language `TAG` whose words to print, as language: takes it (de, de-CH, ko)")
	if _, code, ok := parseArgs(fset, args, stdout); !ok {
		return code
	}
	if !load.LanguageTag(lang) {
		fmt.Fprintf(stderr, "dossier labels: -lang %q is not a language tag: write a BCP 47 tag such as en, de-CH or ko\n", lang)
		return exitUsage
	}
	tbl, builtin := labels.For(lang)
	if !builtin {
		fmt.Fprintf(stderr, "dossier labels: dossier has no labels for %q; these are the English ones, to translate\n", lang)
	}
	block := &yaml.Node{Kind: yaml.MappingNode}
	for _, key := range labels.Keys() {
		t := tbl.Text(key)
		var v *yaml.Node
		if labels.IsCount(key) && (t.One != "" || t.Two != "") {
			v = &yaml.Node{Kind: yaml.MappingNode}
			for _, f := range []struct{ name, text string }{{"one", t.One}, {"two", t.Two}, {"other", t.Other}} {
				if f.text != "" {
					v.Content = append(v.Content, scalar(f.name), scalar(f.text))
				}
			}
		} else {
			v = scalar(t.Other)
		}
		block.Content = append(block.Content, scalar(key), v)
	}
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{scalar("labels"), block}}
	doc.HeadComment = fmt.Sprintf("The words of dossier's pages for language: %s, to paste into dossier.yaml and change.", lang)
	if !builtin {
		doc.HeadComment = fmt.Sprintf("dossier has no words for language: %s; these are the English ones, to translate\nand paste into dossier.yaml.", lang)
	}
	doc.HeadComment += "\nKeys left out keep these words. {name} is filled in by the page and stays; [words]\nare the words it links; one:, two: and other: are the texts for a count."
	enc := yaml.NewEncoder(stdout)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		fmt.Fprintln(stderr, "dossier labels:", err)
		return exitUsage
	}
	enc.Close()
	return exitOK
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// joinAnd joins words as a sentence lists them: "de and en".
func joinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	out := words[0]
	for _, w := range words[1 : len(words)-1] {
		out += ", " + w
	}
	return out + " and " + words[len(words)-1]
}
