package app

import "testing"

// TestLineDiff checks the difference's form: hunks with their line ranges
// and three lines of context, secrets masked by value and by key name, and
// a change of a secret alone shown as "(changed)".
func TestLineDiff(t *testing.T) {
	lines := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
	m := newMasker("s3cret-1", "s3cret-2", "x")
	for _, c := range []struct {
		name, old, new, want string
	}{
		{"equal", lines, lines, ""},
		{"one line in the middle", lines, "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\n",
			"@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n",
			"@@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n@@ -9,4 +10,3 @@\n 9\n 10\n 11\n-12\n"},
		{"new file", "", "k = v\n", "@@ -1,0 +1,1 @@\n+k = v\n"},
		{"known secret changed", "account.1.password = s3cret-1\nlabel = A\n", "account.1.password = s3cret-2\nlabel = B\n",
			"@@ -1,2 +1,2 @@\n-account.1.password = (secret)\n-label = A\n+account.1.password = (changed)\n+label = B\n"},
		{"old secret found by its key", "admin_pwd: 12345678\n", "admin_pwd: 87654321\n",
			"@@ -1,1 +1,1 @@\n-admin_pwd: (secret)\n+admin_pwd: (changed)\n"},
		{"element and attribute", `<user_pass idx="1">old</user_pass>` + "\n" + `<line password="old"/>` + "\n", `<user_pass idx="1">new</user_pass>` + "\n" + `<line password="new"/>` + "\n",
			"@@ -1,2 +1,2 @@\n-<user_pass idx=\"1\">(secret)</user_pass>\n-<line password=\"(secret)\"/>\n+<user_pass idx=\"1\">(changed)</user_pass>\n+<line password=\"(changed)\"/>\n"},
	} {
		if got := lineDiff(c.old, c.new, m); got != c.want {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", c.name, got, c.want)
		}
	}
}
