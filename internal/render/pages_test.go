package render

import (
	"fmt"
	"testing"
	"time"

	"github.com/dossier-ssg/dossier/internal/model"
)

// TestTopicIDs: topics whose names make one slug get ids -2, -3, ... in
// order, and 20,000 of them take linear time: the suffix was searched from
// 2 up for each, 200 million map lookups.
func TestTopicIDs(t *testing.T) {
	d := &model.Dossier{}
	for i := range 20_000 {
		// "Topic", "Topic!", "Topic?" ...: punctuation in base 5.
		topic := "Topic"
		for n := i; n > 0; n /= 5 {
			topic += string("!?.,;"[n%5])
		}
		d.Claims = append(d.Claims, &model.Claim{ID: fmt.Sprintf("c%d", i), Statement: "S", Topic: topic})
	}
	d.Index()
	for _, c := range d.Claims {
		c.Assessment = &model.Assessment{Verdict: model.NoEvidence}
	}
	s := &site{d: d}
	p := &Page{}
	start := time.Now()
	s.index(p)
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("20,000 topics of one slug took %v", el)
	}
	topics := p.Index.Topics
	if len(topics) != 20_000 || topics[0].ID != "topic-topic" || topics[1].ID != "topic-topic-2" || topics[19_999].ID != "topic-topic-20000" {
		t.Errorf("ids %s, %s ... %s", topics[0].ID, topics[1].ID, topics[len(topics)-1].ID)
	}
}
