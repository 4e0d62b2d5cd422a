package poly

import switchboard "github.com/switchboard-pbx/switchboard"

// manuals are manualSteps and factoryReset in German and French
// (Model.Manuals); menu names stay as the English web interface shows
// them. Sources: the reset with keys 1, 3 and 5 held while the phone
// starts is seed 000 ("Polycom - Halten Sie die Tasten 1 + 3 + 5 für 5 Sek
// gedrückt") and Poly's Quick Tip 18298 "Resetting and Rebooting Polycom
// Phones", which also asks for the admin password (factory 456); the
// Provisioning Server page is the Poly UC Software Administrator Guide
// ("Provisioning Server Settings"; vendors.md §2).
var manuals = map[string]switchboard.Manual{
	"de": {
		ManualSteps: []string{
			"Ermitteln Sie die IP-Adresse des Telefons: Settings (Home-Taste) > Status > Network > TCP/IP Parameters.",
			"Öffnen Sie https://<IP des Telefons>/ im Browser und melden Sie sich als Admin an (Werkspasswort: 456).",
			"Gehen Sie zu Settings > Provisioning Server.",
			"Setzen Sie Server Type auf HTTPS und fügen Sie die Provisionierungs-URL (sie endet mit '/') in Server Address ein; lassen Sie Server User und Server Password leer.",
			"Klicken Sie auf Save, dann Utilities > Phone Restart: Das Telefon lädt sein Profil beim Start.",
		},
		FactoryReset: "Halten Sie beim Start des Telefons die Tasten 1, 3 und 5 gemeinsam 5 Sekunden gedrückt und bestätigen Sie das Zurücksetzen mit dem Admin-Passwort.",
	},
	"fr": {
		ManualSteps: []string{
			"Trouvez l'adresse IP du téléphone : Settings (touche Home) > Status > Network > TCP/IP Parameters.",
			"Ouvrez https://<IP du téléphone>/ dans un navigateur et connectez-vous en Admin (mot de passe d'usine : 456).",
			"Allez dans Settings > Provisioning Server.",
			"Réglez Server Type sur HTTPS et collez l'URL de provisioning (elle se termine par '/') dans Server Address ; laissez Server User et Server Password vides.",
			"Cliquez sur Save, puis Utilities > Phone Restart : le téléphone charge son profil au démarrage.",
		},
		FactoryReset: "Pendant le démarrage du téléphone, maintenez ensemble les touches 1, 3 et 5 pendant 5 secondes, puis confirmez la réinitialisation avec le mot de passe admin.",
	},
}
