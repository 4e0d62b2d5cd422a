package bus

import (
	"context"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// next waits for the next id on ch.
func next(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case id, ok := <-ch:
		if !ok {
			t.Fatal("subscription closed")
		}
		return id
	case <-time.After(5 * time.Second):
		t.Fatal("no notice within 5s")
	}
	return ""
}

// none checks that nothing arrives on ch for a moment.
func none(t *testing.T, ch <-chan string) {
	t.Helper()
	select {
	case id := <-ch:
		t.Fatalf("unexpected notice %q", id)
	case <-time.After(100 * time.Millisecond):
	}
}

func TestLocalDeliversToSubscribersOfTheTopic(t *testing.T) {
	b := NewLocal()
	devs, cancel := b.Subscribe(switchboard.TopicDevice)
	defer cancel()
	devs2, cancel2 := b.Subscribe(switchboard.TopicDevice)
	sites, cancel3 := b.Subscribe(switchboard.TopicSite)
	defer cancel3()

	if err := b.Publish(context.Background(), switchboard.TopicDevice, "dev_1"); err != nil {
		t.Fatal(err)
	}
	// Delivered before Publish returns: no waiting needed.
	for _, ch := range []<-chan string{devs, devs2} {
		select {
		case id := <-ch:
			if id != "dev_1" {
				t.Errorf("got %q, want dev_1", id)
			}
		default:
			t.Fatal("notice not delivered by the time Publish returned")
		}
	}
	none(t, sites)

	cancel2()
	if _, ok := <-devs2; ok {
		t.Error("cancelled subscription still open")
	}
	cancel2() // twice is harmless
	_ = b.Publish(context.Background(), switchboard.TopicDevice, "dev_2")
	if got := next(t, devs); got != "dev_2" {
		t.Errorf("got %q after cancelling another subscriber", got)
	}
}

func TestSlowSubscriberGetsAllInsteadOfLosingChanges(t *testing.T) {
	b := NewLocal()
	ch, cancel := b.Subscribe(switchboard.TopicWorkplace)
	defer cancel()
	for i := range bufferSize + 10 {
		_ = b.Publish(context.Background(), switchboard.TopicWorkplace, string(rune('a'+i%26)))
	}
	// The backlog was replaced by All followed by what came after it, so
	// the subscriber learns that everything may have changed.
	var got []string
	for drained := false; !drained; {
		select {
		case id := <-ch:
			got = append(got, id)
		default:
			drained = true
		}
	}
	if len(got) == 0 || got[0] != switchboard.All {
		t.Fatalf("after an overflow the subscriber got %d notices starting %q, want %q first", len(got), got[:min(1, len(got))], switchboard.All)
	}
	if len(got) != 10 {
		t.Errorf("got %d notices after All, want the 9 published after the overflow", len(got)-1)
	}
}
