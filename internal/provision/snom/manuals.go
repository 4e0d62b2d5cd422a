package snom

import switchboard "github.com/switchboard-pbx/switchboard"

// manuals are manualSteps and factoryReset in German and French
// (Model.Manuals), translated step for step from the English in
// models.go, whose comments name each step's source or say that none was
// found; menu and field names stay as the English interface shows them.
var manuals = map[string]switchboard.Manual{
	"de": {
		ManualSteps: []string{
			"Ermitteln Sie die IP-Adresse des Telefons im Menü des Telefons (Netzwerk- oder Systeminformationen) oder in der Geräteliste Ihres Routers.",
			"Öffnen Sie http://<IP des Telefons>/ im Browser; fragt es nach einer Anmeldung, nutzen Sie die für die Weboberfläche eingerichtete (das Administratorpasswort des Telefons ist ab Werk 0000).",
			"Suchen Sie in den erweiterten Einstellungen der Weboberfläche das Feld für den Einstellungsserver (Setting URL, Einstellung setting_server).",
			"Fügen Sie dort die Provisionierungs-URL ein und lassen Sie das Telefon seine Einstellungen automatisch aktualisieren (Update Policy, Einstellung update_policy).",
			"Speichern Sie und starten Sie das Telefon neu: Beim Start lädt es seine Einstellungen von dieser URL.",
		},
		FactoryReset: "Hat die Weboberfläche kein Passwort, öffnen Sie http://<IP des Telefons>/advanced_network.htm?reset=Reset: Das Telefon kehrt zu den Werkseinstellungen zurück und startet neu. Andernfalls schalten Sie das Telefon in den Admin-Modus (Settings-Taste > Maintenance > Admin Mode, Administratorpasswort ab Werk 0000) und setzen es über sein Menü zurück, wie seine Bedienungsanleitung beschreibt.",
	},
	"fr": {
		ManualSteps: []string{
			"Trouvez l'adresse IP du téléphone dans son menu (informations réseau ou système) ou dans la liste des appareils de votre routeur.",
			"Ouvrez http://<IP du téléphone>/ dans un navigateur ; s'il demande une connexion, utilisez celle définie pour l'interface web (le mot de passe administrateur du téléphone est 0000 en sortie d'usine).",
			"Dans les réglages avancés de l'interface web, trouvez le champ du serveur de réglages (Setting URL, réglage setting_server).",
			"Collez-y l'URL de provisioning et laissez le téléphone mettre à jour ses réglages automatiquement (Update Policy, réglage update_policy).",
			"Enregistrez, puis redémarrez le téléphone : au démarrage, il charge ses réglages depuis cette URL.",
		},
		FactoryReset: "Si l'interface web n'a pas de mot de passe, ouvrez http://<IP du téléphone>/advanced_network.htm?reset=Reset : le téléphone revient aux réglages d'usine et redémarre. Sinon, passez le téléphone en mode admin (touche Settings > Maintenance > Admin Mode, mot de passe administrateur 0000 en sortie d'usine) et réinitialisez-le depuis son menu comme le décrit son manuel d'utilisation.",
	},
}
