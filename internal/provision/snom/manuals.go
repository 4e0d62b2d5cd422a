package snom

import switchboard "github.com/switchboard-pbx/switchboard"

// manuals are manualSteps and factoryReset in German and French
// (Model.Manuals), translated from the English in models.go; menu names stay as
// the English web interface shows them. Sources: the setting URL and the
// update policy the phone is given (setting_server, update_policy) are
// vendors.md §3 (Snom wiki "Auto Provisioning", Snom's setting names);
// the web interface's menu path, the factory password and the reset are
// the English text of this package.
var manuals = map[string]switchboard.Manual{
	"de": {
		ManualSteps: []string{
			"Ermitteln Sie die IP-Adresse des Telefons: Drücken Sie die Hilfe-Taste (?) oder Menu > Information > System information.",
			"Öffnen Sie https://<IP des Telefons>/ im Browser und melden Sie sich als admin an (Werkspasswort: 0000).",
			"Gehen Sie zu Setup > Advanced > Update.",
			"Fügen Sie die Provisionierungs-URL in Setting URL ein und setzen Sie Update Policy auf 'Update automatically'.",
			"Klicken Sie auf Save, dann auf Reboot: Das Telefon lädt sein Profil beim Start.",
		},
		FactoryReset: "Wählen Sie in der Weboberfläche des Telefons Advanced > Update > Reset Settings, oder halten Sie beim Start des Telefons die #-Taste gedrückt und wählen Sie Settings reset.",
	},
	"fr": {
		ManualSteps: []string{
			"Trouvez l'adresse IP du téléphone : appuyez sur la touche Aide (?) ou Menu > Information > System information.",
			"Ouvrez https://<IP du téléphone>/ dans un navigateur et connectez-vous en admin (mot de passe d'usine : 0000).",
			"Allez dans Setup > Advanced > Update.",
			"Collez l'URL de provisioning dans Setting URL et réglez Update Policy sur 'Update automatically'.",
			"Cliquez sur Save, puis sur Reboot : le téléphone charge son profil au démarrage.",
		},
		FactoryReset: "Dans l'interface web du téléphone, choisissez Advanced > Update > Reset Settings, ou maintenez la touche # pendant le démarrage du téléphone et choisissez Settings reset.",
	},
}
