package cisco

// KnownKeys lists every parameter Render may emit ('#' stands for a line
// or key number; Cisco writes it between underscores).
var KnownKeys = []string{
	// vendors.md §7 [V]: subscriber and proxy of line N; FusionPBX
	// cisco/8841/{$mac}.xml for the line's enable, register and transport.
	"Line_Enable_#_",
	"Proxy_#_",
	"Outbound_Proxy_#_",
	"Register_#_",
	"Display_Name_#_",
	"User_ID_#_",
	"Password_#_",
	"Auth_ID_#_",
	"SIP_Transport_#_",
	// Cisco administration guide: Auth_ID is used only with Use_Auth_ID
	// set [U: name from the guide's web field "Use Auth ID"].
	"Use_Auth_ID_#_",
	// Cisco MPP administration guide (Secure_Call_Option_n_: Optional,
	// Required, Strict; needs Secure_Call_Serv = Yes).
	"Secure_Call_Serv",
	"Secure_Call_Option_#_",
	// FusionPBX cisco/8841 template.
	"Voice_Mail_Number",
	"Admin_Password",
	"User_Password",
	"Upgrade_Rule",
	"Extension_#_",
	"Short_Name_#_",
	// vendors.md §7 [V].
	"Profile_Rule",
	// FusionPBX cisco/8841/{$mac}.xml "Time" and "Language" sections;
	// values as wazo-cisco-spa common/common.py writes them.
	"Time_Zone",
	"Daylight_Saving_Time_Enable",
	"Daylight_Saving_Time_Rule",
	"Locale",
}
