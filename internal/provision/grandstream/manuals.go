package grandstream

import switchboard "github.com/switchboard-pbx/switchboard"

// manuals are manualSteps and factoryReset in German and French
// (Model.Manuals), translated step for step from the English in
// models.go, whose comments name each step's source or say that none was
// found; menu and field names stay as the English interface shows them.
var manuals = map[string]switchboard.Manual{
	"de": {
		ManualSteps: []string{
			"Ermitteln Sie die IP-Adresse des Telefons im Statusmenü des Telefons oder in der Geräteliste Ihres Routers.",
			"Öffnen Sie http://<IP des Telefons>/ im Browser und melden Sie sich als admin an (bei GRP26xx ist das Werkspasswort das zufällige auf dem Aufkleber auf der Rückseite).",
			"Öffnen Sie im Bereich Maintenance der Weboberfläche die Seite mit der Einstellung Config Server Path.",
			"Setzen Sie Config Upgrade Via auf HTTPS und tragen Sie die Provisionierungs-URL ohne 'https://' als Config Server Path ein.",
			"Speichern und übernehmen Sie, dann starten Sie das Telefon neu: Beim Start fragt es cfg<MAC> und cfg<MAC>.xml von diesem Pfad ab.",
		},
		FactoryReset: "Stellen Sie die Werkseinstellungen über das Tastenmenü des Telefons oder seine Weboberfläche wieder her, wie das Administrationshandbuch des Modells beschreibt; danach melden Sie sich wieder als admin mit dem Werkspasswort an (GRP26xx: das auf dem Aufkleber auf der Rückseite).",
	},
	"fr": {
		ManualSteps: []string{
			"Trouvez l'adresse IP du téléphone dans son menu d'état ou dans la liste des appareils de votre routeur.",
			"Ouvrez http://<IP du téléphone>/ dans un navigateur et connectez-vous en admin (sur les GRP26xx, le mot de passe d'usine est celui, aléatoire, de l'autocollant au dos).",
			"Dans la section Maintenance de l'interface web, ouvrez la page du réglage Config Server Path.",
			"Réglez Config Upgrade Via sur HTTPS et saisissez l'URL de provisioning sans 'https://' comme Config Server Path.",
			"Enregistrez et appliquez, puis redémarrez le téléphone : au démarrage, il demande cfg<MAC> et cfg<MAC>.xml à ce chemin.",
		},
		FactoryReset: "Rétablissez les réglages d'usine depuis le menu du clavier du téléphone ou son interface web comme le décrit le guide d'administration du modèle ; reconnectez-vous ensuite en admin avec le mot de passe d'usine (GRP26xx : celui de l'autocollant au dos).",
	},
}
