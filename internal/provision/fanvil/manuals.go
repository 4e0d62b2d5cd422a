package fanvil

import switchboard "github.com/switchboard-pbx/switchboard"

// manuals are manualSteps and factoryReset in German and French
// (Model.Manuals), translated from the English in models.go; menu names
// stay as the English web interface shows them. Sources: the server,
// file name and protocol the phone is given (FlashServerIP,
// FlashFileName, FlashProtocol) are vendors.md §6; the web interface's
// menu path, the passwords and the reset are the English text of this
// package.
var manuals = map[string]switchboard.Manual{
	"de": {
		ManualSteps: []string{
			"Ermitteln Sie die IP-Adresse des Telefons: Drücken Sie im Ruhezustand die OK-Taste (oder Menu > Status).",
			"Öffnen Sie https://<IP des Telefons>/ im Browser und melden Sie sich als admin an (Werkspasswort: admin).",
			"Gehen Sie zu System > Auto Provision.",
			"Setzen Sie das Protokoll auf HTTPS, tragen Sie Host und Port der Provisionierungs-URL als Server Address ein und den Rest (den Schlüssel und '.cfg') als Config File Name.",
			"Klicken Sie auf Apply, dann auf Autoprovision Now: Das Telefon lädt sein Profil und startet neu.",
		},
		FactoryReset: "Wählen Sie am Telefon Menu > Advanced (Passwort 123) > Factory Reset, oder in der Weboberfläche System > Configurations > Reset to Factory Defaults.",
	},
	"fr": {
		ManualSteps: []string{
			"Trouvez l'adresse IP du téléphone : au repos, appuyez sur la touche OK (ou Menu > Status).",
			"Ouvrez https://<IP du téléphone>/ dans un navigateur et connectez-vous en admin (mot de passe d'usine : admin).",
			"Allez dans System > Auto Provision.",
			"Réglez le protocole sur HTTPS, saisissez l'hôte et le port de l'URL de provisioning dans Server Address et le reste (la clé et '.cfg') dans Config File Name.",
			"Cliquez sur Apply, puis sur Autoprovision Now : le téléphone charge son profil et redémarre.",
		},
		FactoryReset: "Sur le téléphone, ouvrez Menu > Advanced (mot de passe 123) > Factory Reset, ou dans l'interface web System > Configurations > Reset to Factory Defaults.",
	},
}
