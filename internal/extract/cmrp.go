package extract

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// CMRPMethods reads the Markdown conversion of [MS-CMRP] (Failover Cluster:
// Management API (ClusAPI) Protocol) and returns the table of the methods
// whose own section tells the client to treat the errors of [MS-CMRP]
// 3.2.4.6 (Reconnect Procedure) as recoverable and to initiate the reconnect
// procedure.
//
// Method sections are the headings numbered 3.1.4.1.N (protocol version 2)
// and 3.1.4.2.N (protocol version 3) titled "Name (Opnum N)"; a section runs
// up to the next heading of the same or a higher level. A section is
// eligible when one of its sentences matches one of the phrasings listed at
// cmrpAccept and is not negated. Sentences that only say "except as
// specified in section 3.2.4.6" and sentences such as 3.2.4.6's "SHOULD NOT
// interpret error codes from ApiOpenNode for reconnection" do not make a
// section eligible.
//
// A method that returns a context handle (one of the H..._RPC types of
// [MS-CMRP] 2.2.1) and whose section refers the values of its Status
// parameter to 3.2.4.6 ("except as specified in section 3.2.4.6") is
// eligible as well: 3.2.4.6 says how the client obtains the error code of
// exactly such methods, from the Status parameter, and steps 8 to 14 of the
// procedure tell the client not to interpret the codes of the methods that
// reopen handles (ApiOpenNode and the others) while it reconnects, as they
// do for ApiGetClusterName and the notification registration methods, which
// are eligible otherwise. The row's section then cites 3.2.4.6 as well.
// Methods that return an error code and only say "except as specified in
// section 3.2.4.6" are not eligible: 3.2.4 applies that clause to every
// method, and 3.2.4.6 says only the methods noted in their own sections
// reconnect.
//
// The table has the columns name, opnum, version and section, ordered by
// version then opnum. CMRPMethods returns an error naming the line when a
// method heading does not parse, when a (version, opnum) pair occurs twice,
// or when a section mentions the reconnect procedure in words none of the
// accepted phrasings matches, so that a new revision of the document fails
// loudly instead of silently losing rows.
func CMRPMethods(doc []byte) (*Table, error) {
	secs, err := cmrpScan(doc)
	if err != nil {
		return nil, err
	}
	src := "[MS-CMRP] 3.1.4.1 and 3.1.4.2"
	if u := cmrpLastUpdated(doc); u != "" {
		src += ", last updated " + u
	}
	t := &Table{
		File: "reconnect/cmrp-methods.tsv",
		Directives: [][2]string{
			{"table", "cmrp-methods"},
			{"source", src},
			{"generated-by", "go run ./cmd/extract"},
		},
		Comments: []string{
			"A row is a ClusAPI method, per protocol version, whose failure starts the reconnect procedure of 3.2.4.6. Which",
			"methods those are: 3.2.4.6 says they are noted in their own specifications (3.1.4), and 3.2 that the client reconnects",
			"as 3.1.4.1 and 3.1.4.2 specify. Two kinds of section qualify:",
			"- Section [MS-CMRP] 3.1.4.x.N: the method's own section tells the client to treat the 3.2.4.6 errors as recoverable",
			"  and to start the reconnect procedure.",
			"- Section [MS-CMRP] 3.1.4.x.N; 3.2.4.6: the method returns a context handle (an H..._RPC type of 2.2.1) and its section",
			"  treats the values of its Status parameter as the preceding table says, except as specified in 3.2.4.6. Such methods",
			"  qualify because 3.2.4.6 itself addresses them: for methods that return a context handle rather than an error code,",
			"  the client takes the error code from the Status parameter - a rule that would apply to no method if none of them",
			"  reconnected. 3.2.4.6 steps 8 to 14 also tell the client not to interpret the codes of ApiOpenNode and the other",
			"  reopening methods while the procedure runs, the carve-out it makes for ApiGetClusterName and the registration",
			"  methods, which reconnect otherwise; 3.2.1 keeps the open context handles as reconnect state for the same reason.",
			"Methods that return an error code and only say except as specified in 3.2.4.6 do not qualify: 3.2.4 applies that",
			"clause to every method, and nothing in 3.2.4.6 singles them out. ApiOpenCluster does not mention 3.2.4.6 at all;",
			"3.2.3.3 and 3.2.4.6 step 7 handle its failure themselves.",
		},
		Columns: []string{"name", "opnum", "version", "section"},
	}
	handles := cmrpHandleTypes(doc)
	for _, s := range secs {
		switch {
		case s.eligible:
			t.AddRow(s.name, strconv.Itoa(s.opnum), strconv.Itoa(s.version), "[MS-CMRP] "+s.number)
		case handles[s.returns] && s.defersStatus():
			t.AddRow(s.name, strconv.Itoa(s.opnum), strconv.Itoa(s.version), "[MS-CMRP] "+s.number+"; 3.2.4.6")
		}
	}
	return t, nil
}

// cmrpSection is one method section of [MS-CMRP] 3.1.4.1 or 3.1.4.2.
type cmrpSection struct {
	number   string // e.g. "3.1.4.1.4"
	name     string
	opnum    int
	version  int // 2 for 3.1.4.1.N, 3 for 3.1.4.2.N
	line     int // line of the heading, 1-based
	eligible bool
	returns  string   // the return type of the method's signature, such as HRES_RPC
	mentions bool     // the section text mentions 3.2.4.6 at all
	negated  []string // negated sentences about reconnection, for diagnostics
	text     []string // normalised paragraphs
}

var (
	// cmrpHeadingRE matches an ATX heading: level marks and the title.
	cmrpHeadingRE = regexp.MustCompile(`^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$`)
	// cmrpNumberRE splits a heading title into section number and rest.
	cmrpNumberRE = regexp.MustCompile(`^(\d+(?:\.\d+)*)\.?(?:[ \t]+(.*))?$`)
	// cmrpMethodTitleRE matches "ApiGetClusterName (Opnum 3)".
	cmrpMethodTitleRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)[ \t]*\([ \t]*[Oo]pnum[ \t]+(\d+)[ \t]*\)$`)
	// cmrpLinkRE matches a Markdown link or a link-wrapped reference.
	cmrpLinkRE = regexp.MustCompile(`\[([^\[\]]*)\]\([^()\s]*\)`)
	// cmrpSentenceRE separates sentences and semicolon clauses. Section
	// numbers such as 3.2.4.6 contain no space after their dots and so are
	// not split.
	cmrpSentenceRE = regexp.MustCompile(`[.;]\s+`)
	// cmrpRefRE finds a reference to section 3.2.4.6 (and not 3.2.4.60).
	cmrpRefRE = regexp.MustCompile(`(?:^|[^0-9.])3\.2\.4\.6(?:$|[^0-9])`)
	// cmrpNegRE finds a negation that turns an instruction around.
	cmrpNegRE = regexp.MustCompile(`\b(?:should|must|may|shall|need|does|do) not\b|\bnot (?:treat|initiate|interpret|start|attempt)\b|\bnever\b`)
	// cmrpLastUpdatedRE matches the "Last updated: 8/11/2025." line.
	cmrpLastUpdatedRE = regexp.MustCompile(`^(?i:last updated):?[ \t]*(.*?)[ \t.]*$`)
	// cmrpSignatureRE matches the first line of a method's IDL signature,
	// "HRES_RPC ApiOpenResource(": the return type and the name.
	cmrpSignatureRE = regexp.MustCompile(`^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*\($`)
	// cmrpHandleTypeRE matches the heading of a context handle type of
	// [MS-CMRP] 2.2.1, "#### 2.2.1.4 HRES_RPC".
	cmrpHandleTypeRE = regexp.MustCompile(`^#{1,6}[ \t]+2\.2\.1\.\d+[ \t]+(H[A-Z_]*_RPC)[ \t]*$`)
	// cmrpFenceRE matches a fenced code block delimiter.
	cmrpFenceRE = regexp.MustCompile("^[ \t]{0,3}(?:```|~~~)")
)

// cmrpAccept lists the accepted phrasings of the reconnect instruction, as
// found in the method sections of [MS-CMRP] 3.1.4.1 and 3.1.4.2. They are
// matched against one sentence (or semicolon clause) at a time, lower-cased,
// with Markdown links replaced by their text, emphasis marks removed and
// white space collapsed, so "[3.2.4.6](#Section_3.2.4.6)" reads "3.2.4.6"
// and "[**client**](#gt_client)" reads "client".
var cmrpAccept = []*regexp.Regexp{
	// "The client SHOULD treat errors specified in [section] 3.2.4.6 as
	// recoverable errors[,] and initiate the reconnect procedure as
	// specified in section 3.2.4.6 | in that section | specified in
	// section 3.2.4.6", also "The client treats errors ...".
	regexp.MustCompile(`\btreats? (?:the )?errors specified in (?:section )?3\.2\.4\.6,? as recoverable errors,? and initiate the reconnect procedure\b`),
	// "The client SHOULD treat errors as recoverable errors[,] and initiate
	// the reconnect procedure as specified in section 3.2.4.6".
	regexp.MustCompile(`\btreats? (?:the )?errors as recoverable errors,? and initiate the reconnect procedure (?:as )?specified in (?:section )?3\.2\.4\.6\b`),
	// "... with the exception of errors specified in section 3.2.4.6, which
	// are recoverable [errors] [and] for which the client SHOULD|MUST
	// initiate the reconnect procedure".
	regexp.MustCompile(`\berrors specified in (?:section )?3\.2\.4\.6,? which are recoverable(?: errors)?,?(?: and)? for which the client (?:should|must) initiate the reconnect procedure\b`),
	// "... except for recoverable errors [as] specified in section 3.2.4.6,
	// for which the client SHOULD|MUST initiate the reconnect procedure".
	regexp.MustCompile(`\brecoverable errors (?:as )?specified in (?:section )?3\.2\.4\.6,? for which the client (?:should|must) initiate the reconnect procedure\b`),
}

// cmrpScan splits doc into the method sections of 3.1.4.1 and 3.1.4.2 and
// judges each one. The sections come back ordered by version then opnum.
func cmrpScan(doc []byte) ([]cmrpSection, error) {
	lines := strings.Split(string(doc), "\n")
	var (
		secs    []cmrpSection
		cur     *cmrpSection
		curLvl  int
		para    []string
		paraAt  int
		inFence bool
		seen    = map[[2]int]int{} // (version, opnum) -> heading line
	)
	flushPara := func() error {
		if cur != nil && len(para) > 0 {
			if err := cmrpJudge(cur, paraAt, strings.Join(para, " ")); err != nil {
				return err
			}
		}
		para = para[:0]
		return nil
	}
	closeSection := func() {
		if cur != nil {
			secs = append(secs, *cur)
			cur = nil
		}
	}
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimRight(raw, "\r")
		if cmrpFenceRE.MatchString(line) {
			inFence = !inFence
		}
		var m []string
		if !inFence {
			m = cmrpHeadingRE.FindStringSubmatch(line)
		}
		if m == nil {
			if strings.TrimSpace(line) == "" {
				if err := flushPara(); err != nil {
					return nil, err
				}
				continue
			}
			if len(para) == 0 {
				paraAt = n
			}
			if cur != nil && cur.returns == "" {
				if sig := cmrpSignatureRE.FindStringSubmatch(strings.ReplaceAll(line, "\u00a0", " ")); sig != nil && sig[2] == cur.name {
					cur.returns = sig[1]
				}
			}
			para = append(para, line)
			continue
		}
		// A heading ends the paragraph, and the section when it is of the
		// same or a higher level, or when it starts another method.
		if err := flushPara(); err != nil {
			return nil, err
		}
		level := len(m[1])
		sec, err := cmrpParseHeading(m[2], n)
		if err != nil {
			return nil, err
		}
		if cur != nil && (level <= curLvl || sec != nil) {
			closeSection()
		}
		if sec == nil {
			continue
		}
		key := [2]int{sec.version, sec.opnum}
		if prev, dup := seen[key]; dup {
			return nil, fmt.Errorf("extract: [MS-CMRP] line %d: %s %s repeats version %d opnum %d of line %d",
				n, sec.number, sec.name, sec.version, sec.opnum, prev)
		}
		seen[key] = n
		cur, curLvl = sec, level
	}
	if err := flushPara(); err != nil {
		return nil, err
	}
	closeSection()
	if inFence {
		return nil, fmt.Errorf("extract: [MS-CMRP] line %d: unterminated code fence", len(lines))
	}
	if len(secs) == 0 {
		return nil, fmt.Errorf("extract: [MS-CMRP]: no method headings numbered 3.1.4.1.N or 3.1.4.2.N found")
	}
	slices.SortStableFunc(secs, func(a, b cmrpSection) int {
		if a.version != b.version {
			return a.version - b.version
		}
		return a.opnum - b.opnum
	})
	return secs, nil
}

// cmrpParseHeading returns the method section that a heading title starts,
// nil when the heading is not a method heading of 3.1.4.1 or 3.1.4.2, or an
// error when it is numbered like one but its title does not parse.
func cmrpParseHeading(title string, line int) (*cmrpSection, error) {
	nm := cmrpNumberRE.FindStringSubmatch(title)
	if nm == nil {
		return nil, nil
	}
	parts := strings.Split(nm[1], ".")
	if len(parts) != 5 || parts[0] != "3" || parts[1] != "1" || parts[2] != "4" {
		return nil, nil
	}
	var version int
	switch parts[3] {
	case "1":
		version = 2
	case "2":
		version = 3
	default:
		return nil, nil
	}
	tm := cmrpMethodTitleRE.FindStringSubmatch(strings.TrimSpace(nm[2]))
	if tm == nil {
		return nil, fmt.Errorf("extract: [MS-CMRP] line %d: method heading %q is not of the form \"3.1.4.x.N Name (Opnum N)\"", line, title)
	}
	opnum, err := strconv.Atoi(tm[2])
	if err != nil || opnum > 1<<16 {
		return nil, fmt.Errorf("extract: [MS-CMRP] line %d: method heading %q: bad opnum %q", line, title, tm[2])
	}
	return &cmrpSection{number: nm[1], name: tm[1], opnum: opnum, version: version, line: line}, nil
}

// cmrpNormalize turns a Markdown paragraph into plain lower-case text.
func cmrpNormalize(p string) string {
	p = cmrpLinkRE.ReplaceAllString(p, "$1")
	p = strings.NewReplacer("*", "", "\u00a0", " ").Replace(p)
	return strings.ToLower(strings.Join(strings.Fields(p), " "))
}

// cmrpJudge records what one paragraph of a method section says about the
// reconnect procedure of [MS-CMRP] 3.2.4.6.
func cmrpJudge(s *cmrpSection, line int, para string) error {
	p := cmrpNormalize(para)
	s.text = append(s.text, p)
	if !cmrpRefRE.MatchString(p) && !strings.Contains(p, "reconnect") {
		return nil
	}
	if cmrpRefRE.MatchString(p) {
		s.mentions = true
	}
	for _, sent := range cmrpSentenceRE.Split(p, -1) {
		relevant := strings.Contains(sent, "reconnect procedure") ||
			(strings.Contains(sent, "recoverable") && cmrpRefRE.MatchString(sent)) ||
			(strings.Contains(sent, "reconnect") && cmrpRefRE.MatchString(sent))
		if !relevant {
			continue
		}
		// Accept a sentence whose instruction matches and is not negated
		// before or within the match ("SHOULD NOT treat errors ...").
		accepted := false
		for _, re := range cmrpAccept {
			if loc := re.FindStringIndex(sent); loc != nil && !cmrpNegRE.MatchString(sent[:loc[1]]) {
				accepted = true
				break
			}
		}
		if !accepted && cmrpNegRE.MatchString(sent) {
			s.negated = append(s.negated, sent)
			continue
		}
		if !accepted {
			return fmt.Errorf("extract: [MS-CMRP] line %d: %s %s: unrecognised wording about the reconnect procedure, extend cmrpAccept or cmrpNegRE: %q",
				line, s.number, s.name, sent)
		}
		s.eligible = true
	}
	return nil
}

// cmrpLastUpdated returns the date of the "Last updated:" line that the
// document carries before its first numbered section, or "".
func cmrpLastUpdated(doc []byte) string {
	for _, raw := range bytes.Split(doc, []byte("\n")) {
		line := strings.TrimSpace(string(raw))
		if m := cmrpHeadingRE.FindStringSubmatch(line); m != nil && cmrpNumberRE.MatchString(m[2]) {
			return ""
		}
		if m := cmrpLastUpdatedRE.FindStringSubmatch(line); m != nil && m[1] != "" {
			return m[1]
		}
	}
	return ""
}

// defersStatus reports whether the section refers the values it does not
// list to 3.2.4.6 ("except as specified in section 3.2.4.6"), without an
// instruction of its own.
func (s *cmrpSection) defersStatus() bool {
	return s.mentions && strings.Contains(strings.Join(s.text, " "), "except as specified in section 3.2.4.6")
}

// cmrpHandleTypes returns the context handle types that [MS-CMRP] 2.2.1
// defines, by the headings of its subsections.
func cmrpHandleTypes(doc []byte) map[string]bool {
	out := map[string]bool{}
	for _, raw := range bytes.Split(doc, []byte("\n")) {
		if m := cmrpHandleTypeRE.FindSubmatch(bytes.TrimRight(raw, "\r")); m != nil {
			out[string(m[1])] = true
		}
	}
	return out
}
