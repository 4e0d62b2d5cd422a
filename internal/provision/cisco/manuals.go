package cisco

import switchboard "github.com/switchboard-pbx/switchboard"

// manuals are manualSteps and factoryReset in German and French
// (Model.Manuals), translated from the English in models.go; menu names
// stay as the English web interface shows them. Sources: the profile
// rule the phone is given (Profile_Rule) is vendors.md §7; the reset by
// holding # while the phone starts and then typing 123456789*0# is the
// Cisco IP phone procedure seen through the search tool (gist
// kaloprominat/5488066, "factory reset cisco ip phone"); the web
// interface's menu path and the menu reset are the English text of this
// package.
var manuals = map[string]switchboard.Manual{
	"de": {
		ManualSteps: []string{
			"Ermitteln Sie die IP-Adresse des Telefons: Drücken Sie Applications (Zahnradtaste) > Status > Network status.",
			"Öffnen Sie https://<IP des Telefons>/admin/advanced im Browser (ab Werk hat der Admin kein Passwort).",
			"Gehen Sie zu Voice > Provisioning.",
			"Fügen Sie die Provisionierungs-URL in Profile Rule ein und achten Sie darauf, dass Provision Enable auf Yes steht.",
			"Klicken Sie auf Submit All Changes: Das Telefon startet neu und lädt sein Profil.",
		},
		FactoryReset: "Drücken Sie Applications (Zahnradtaste) > Device administration > Factory reset, oder schalten Sie das Telefon mit gedrückter #-Taste ein und tippen Sie, wenn die Leitungstasten leuchten, 1 2 3 4 5 6 7 8 9 * 0 #.",
	},
	"fr": {
		ManualSteps: []string{
			"Trouvez l'adresse IP du téléphone : appuyez sur Applications (touche roue dentée) > Status > Network status.",
			"Ouvrez https://<IP du téléphone>/admin/advanced dans un navigateur (en sortie d'usine, l'admin n'a pas de mot de passe).",
			"Allez dans Voice > Provisioning.",
			"Collez l'URL de provisioning dans Profile Rule et vérifiez que Provision Enable est sur Yes.",
			"Cliquez sur Submit All Changes : le téléphone redémarre et charge son profil.",
		},
		FactoryReset: "Appuyez sur Applications (touche roue dentée) > Device administration > Factory reset, ou mettez le téléphone sous tension en maintenant la touche #, puis, quand les touches de ligne s'allument, tapez 1 2 3 4 5 6 7 8 9 * 0 #.",
	},
}
