package grandstream

import switchboard "github.com/switchboard-pbx/switchboard"

// manuals are manualSteps and factoryReset in German and French
// (Model.Manuals), translated from the English in models.go; menu names
// stay as the English web interface shows them. Sources: the upgrade
// method HTTPS and the config server path the phone is given (P212,
// P237) are vendors.md §4; the web interface's menu path, the password
// on the label and the reset are the English text of this package.
var manuals = map[string]switchboard.Manual{
	"de": {
		ManualSteps: []string{
			"Ermitteln Sie die IP-Adresse des Telefons: Drücken Sie im Ruhezustand die Pfeiltaste nach oben.",
			"Öffnen Sie https://<IP des Telefons>/ im Browser und melden Sie sich als admin an (das Werkspasswort steht auf dem Etikett des Telefons).",
			"Gehen Sie zu Maintenance > Upgrade and Provisioning.",
			"Setzen Sie Config Upgrade Via auf HTTPS und fügen Sie die Provisionierungs-URL ohne 'https://' in Config Server Path ein.",
			"Klicken Sie auf Save and Apply, dann auf Provision (oder starten Sie neu): Das Telefon lädt cfg<MAC>.xml von diesem Pfad.",
		},
		FactoryReset: "Wählen Sie am Telefon Menu > System > Factory Reset, oder in der Weboberfläche Maintenance > Upgrade and Provisioning > Factory Reset.",
	},
	"fr": {
		ManualSteps: []string{
			"Trouvez l'adresse IP du téléphone : au repos, appuyez sur la flèche vers le haut.",
			"Ouvrez https://<IP du téléphone>/ dans un navigateur et connectez-vous en admin (le mot de passe d'usine figure sur l'étiquette du téléphone).",
			"Allez dans Maintenance > Upgrade and Provisioning.",
			"Réglez Config Upgrade Via sur HTTPS et collez l'URL de provisioning sans 'https://' dans Config Server Path.",
			"Cliquez sur Save and Apply, puis sur Provision (ou redémarrez) : le téléphone charge cfg<MAC>.xml depuis ce chemin.",
		},
		FactoryReset: "Sur le téléphone, ouvrez Menu > System > Factory Reset, ou dans l'interface web Maintenance > Upgrade and Provisioning > Factory Reset.",
	},
}
