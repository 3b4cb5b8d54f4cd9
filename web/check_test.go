package web

import (
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func post(tb testing.TB, h http.Handler, target, body string) *http.Response {
	tb.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestAPICheck(t *testing.T) {
	h, _, _ := newTestHandler(t, Options{})
	tests := []struct {
		target          string
		verdict, author string
		marked, missing string
	}{
		{"/api/check?q=" + urlq(`"the clever cat busily devising ways" — Kerry Lengel`), "exact", "matches", "the clever cat busily devising ways", ""},
		{"/api/check?q=" + urlq(`"the clever cat devising ways" — Ty Burr`), "altered", "differs", "", "busily"},
		{"/api/check?quote=" + urlq("the clever cat busily devising ways") + "&author=Jay+Weissberg", "exact", "differs", "", ""},
		{"/api/check?q=" + urlq(`"no critic ever wrote these words down"`), "not_found", "not_given", "", ""},
	}
	for _, tt := range tests {
		resp := get(t, h, tt.target)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d: %s", tt.target, resp.StatusCode, body(t, resp))
		}
		var v struct {
			Verdict          string
			AttributionCheck struct{ Author struct{ Status string } } `json:"attribution_check"`
			Context          *struct{ Quote string }
			Diff             []struct{ Op, Source string }
		}
		if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
			t.Fatal(err)
		}
		if v.Verdict != tt.verdict || v.AttributionCheck.Author.Status != tt.author {
			t.Errorf("%s: verdict %s, author %s; want %s, %s", tt.target, v.Verdict, v.AttributionCheck.Author.Status, tt.verdict, tt.author)
		}
		if tt.marked != "" && (v.Context == nil || !strings.Contains(v.Context.Quote, "<mark>"+tt.marked+"</mark>")) {
			t.Errorf("%s: context %+v does not mark %q", tt.target, v.Context, tt.marked)
		}
		if tt.missing != "" && (len(v.Diff) == 0 || v.Diff[0].Op != "missing" || v.Diff[0].Source != tt.missing) {
			t.Errorf("%s: diff %+v, want %q missing", tt.target, v.Diff, tt.missing)
		}
	}
}

func TestAPICheckMany(t *testing.T) {
	h, _, _ := newTestHandler(t, Options{})
	resp := post(t, h, "/api/check", `["\"One of the most engagingly powerful movies\" — Ty Burr", {"quote": "a dull documentary", "author": "Jay Weissberg"}]`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body(t, resp))
	}
	var out []struct{ Verdict string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || out[0].Verdict != "exact" || out[1].Verdict != "exact" {
		t.Errorf("results %+v, want two exact", out)
	}

	many := "[" + strings.TrimSuffix(strings.Repeat(`"\"clever\"",`, maxCheckBlurbs+1), ",") + "]"
	for _, tt := range []struct{ body, param string }{
		{many, "body"},
		{`[]`, "body"},
		{`{"quote": "x"}`, "body"},
		{`["fine words", "…"]`, "body[1]"},
		{`["fine words", 42]`, "body[1]"},
		{`["fine words"] ["more"]`, "body"},
	} {
		resp := post(t, h, "/api/check", tt.body)
		b := body(t, resp)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(b, "invalid "+tt.param+":") {
			t.Errorf("POST %.40s: %d %s, want 400 naming %s", tt.body, resp.StatusCode, b, tt.param)
		}
	}
	if resp := post(t, h, "/api/search", `[]`); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/search: %d, want 405", resp.StatusCode)
	}
	pre := do(t, h, http.MethodOptions, "/api/check", "Origin", "https://blog.example", "Access-Control-Request-Method", "POST")
	if !strings.Contains(pre.Header.Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight for POST /api/check allows %q", pre.Header.Get("Access-Control-Allow-Methods"))
	}
}

func TestCheckPage(t *testing.T) {
	h, _, _ := newTestHandler(t, Options{})
	page := body(t, get(t, h, "/check"))
	if !strings.Contains(page, `<textarea id="check-q" name="q"`) || strings.Contains(page, `class="check-result`) {
		t.Errorf("the empty /check page lacks the form or shows results")
	}
	resp := get(t, h, "/check?q="+urlq("\"the clever cat\" — Kerry Lengel\n\n\"a clever <dog>\" — Ty Burr"))
	page = body(t, resp)
	if resp.StatusCode != http.StatusOK || strings.Count(page, `class="check-result`) != 2 {
		t.Fatalf("status %d, %d results; want 2", resp.StatusCode, strings.Count(page, `class="check-result`))
	}
	for _, want := range []string{`verdict-exact`, `<mark>the clever cat</mark>`, `&lt;dog&gt;`, `href="/check?q=`} {
		if !strings.Contains(page, want) {
			t.Errorf("/check page lacks %q", want)
		}
	}
	if strings.Contains(page, "<dog>") {
		t.Error("/check page does not escape the blurb")
	}
	tooMany := strings.Repeat("\"clever\"\n", maxCheckBlurbs+1)
	if resp := get(t, h, "/check?q="+urlq(tooMany)); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("%d blurbs: status %d, want 400", maxCheckBlurbs+1, resp.StatusCode)
	}
	// Each search hit links to its own check.
	results := body(t, get(t, h, "/?q=clever+cat"))
	if !strings.Contains(results, `href="/check?q=`) || !strings.Contains(results, "Check this quote") {
		t.Error("search hits have no Check this quote link")
	}
}

// urlq escapes s for a query string.
func urlq(s string) string { return url.QueryEscape(s) }

// The page and the API word a check the same: the page shows the API's
// label and every one of its notes.
func TestCheckPageSaysWhatTheAPISays(t *testing.T) {
	h, _, _ := newTestHandler(t, Options{})
	notes := 0
	for _, blurb := range []string{
		`"the clever cat devising ways" — Ty Burr`,
		`"the clever cat busily devising ways" — Kerry Lengel, Phoenix New Times`,
		`"the clever cat … ways" — Kerry Lengel`,
		`"no critic ever wrote these words down"`,
	} {
		var r struct {
			Label string
			Notes []string
		}
		if err := json.Unmarshal([]byte(body(t, get(t, h, "/api/check?q="+urlq(blurb)))), &r); err != nil {
			t.Fatal(err)
		}
		page := html.UnescapeString(body(t, get(t, h, "/check?q="+urlq(blurb))))
		if r.Label == "" || !strings.Contains(page, `<span class="verdict">`+r.Label+`</span>`) {
			t.Errorf("%s: the page does not show the label %q", blurb, r.Label)
		}
		for _, n := range r.Notes {
			notes++
			if !strings.Contains(page, "<li>"+n+"</li>") {
				t.Errorf("%s: the page does not say %q", blurb, n)
			}
		}
	}
	if notes < 3 {
		t.Errorf("%d notes in all; the blurbs should give some of each kind", notes)
	}
}
