package grandstream

// KnownKeys lists every P-value Render may emit ('#' stands for a number).
var KnownKeys = []string{
	// vendors.md §4 "Account 1 P-values" [V] (wazo base.tpl): active,
	// account name, SIP server, outbound proxy, user ID, auth ID,
	// password, display name, voicemail, transport.
	"P271", "P270", "P47", "P48", "P35", "P36", "P34", "P3", "P33", "P130",
	// SRTP mode of account 1 (0 off, 1 offered, 2 forced): public Grandstream
	// templates found by code search; vendors.md has no SRTP P-value.
	"P183",
	// vendors.md §4 "Admin/user/prov" [V]: admin and user password,
	// upgrade via (2 = HTTPS), config server path, firmware server path.
	"P2", "P196", "P212", "P237", "P192",
	// vendors.md §4 [V] language; wazo's LOCALE map writes de, en, fr.
	"P1362",
	// Time zone as a POSIX rule: wazo-grandstream common/common.py TZ_NAME
	// and its phone templates' <P64>.
	"P64",
	// vendors.md §4 "Keys" [V]: P23000+5(n-1) blocks of type, account,
	// label, value (wazo _add_mpk).
	"P23#",
}
