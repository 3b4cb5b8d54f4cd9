package check

// The one wording of a check's result: the page (check.html), the API and
// so the widget show Label and Notes as Check writes them.

// Label names a verdict as the page and the widget show it.
func (v Verdict) Label() string {
	switch v {
	case Exact:
		return "Exact"
	case Trimmed:
		return "Trimmed"
	case Altered:
		return "Altered"
	}
	return "Not found"
}

// notes words what the result found, in order: each attribution field
// given (it matches, differs or the source does not say), what each
// ellipsis removed, each change of the quote, and the nearest reviews of
// a quote not found.
func (r *Result) notes() []string {
	out := []string{}
	for _, f := range []struct {
		name string
		c    FieldCheck
	}{{"Author", r.AttributionCheck.Author}, {"Outlet", r.AttributionCheck.Outlet}, {"Film", r.AttributionCheck.Work}} {
		switch f.c.Status {
		case Matches:
			out = append(out, f.name+": “"+f.c.Given+"” matches the source")
		case Differs:
			out = append(out, f.name+": given as “"+f.c.Given+"”, but the source says “"+f.c.Source+"”")
		case NotGiven:
		default:
			out = append(out, f.name+": “"+f.c.Given+"”: the source does not say")
		}
	}
	for _, x := range r.Removed {
		out = append(out, "The ellipsis removed: “"+x+"”")
	}
	for _, d := range r.Diff {
		switch d.Op {
		case "changed":
			out = append(out, "The source says “"+d.Source+"”, the quote says “"+d.Quote+"”")
		case "added":
			out = append(out, "The quote adds “"+d.Quote+"”")
		default:
			out = append(out, "The quote leaves out “"+d.Source+"”")
		}
	}
	for _, n := range r.Nearest {
		who := n.Source.Work
		if n.Source.Author != "" {
			who = n.Source.Author + ", " + who
		}
		out = append(out, "Nearest: "+who+" — "+n.Why)
	}
	return out
}
