package apiclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestDoSendsTokenAndDecodesProblems(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			w.WriteHeader(401)
			return
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(422)
		fmt.Fprint(w, `{"title":"Unprocessable Entity","status":422,"detail":"username must be at least 5 characters long","errors":[{"location":"body.username","message":"too short"}]}`)
	}))
	defer srv.Close()
	err := New(srv.URL, "tok").Do(context.Background(), "POST", "/x", map[string]string{"a": "b"}, nil)
	var e *Error
	if !errors.As(err, &e) || e.Status != 422 {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), "at least 5 characters") || !strings.Contains(err.Error(), "username: too short") {
		t.Errorf("message does not tell the person what to fix: %q", err)
	}
	err = New(srv.URL, "wrong").Do(context.Background(), "GET", "/x", nil, nil)
	if !errors.As(err, &e) || e.Status != 401 || !strings.Contains(err.Error(), "Unauthorized") {
		t.Errorf("unauthorized answer: %v", err)
	}
}

func TestListFollowsCursor(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("after") {
		case "":
			fmt.Fprint(w, `{"items":[{"id":"a"},{"id":"b"}],"next":"b"}`)
		case "b":
			if r.URL.Query().Get("free") != "true" {
				t.Error("filter lost on the second page")
			}
			fmt.Fprint(w, `{"items":[{"id":"c"}],"next":""}`)
		}
	}))
	defer srv.Close()
	items, err := New(srv.URL, "").List(context.Background(), "/l", map[string][]string{"free": {"true"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range items {
		var v struct{ ID string }
		json.Unmarshal(it, &v)
		ids = append(ids, v.ID)
	}
	if strings.Join(ids, ",") != "a,b,c" {
		t.Errorf("got %v", ids)
	}
	items, _ = New(srv.URL, "").List(context.Background(), "/l", nil, 1)
	if len(items) != 1 {
		t.Errorf("limit 1 gave %d items", len(items))
	}
}
