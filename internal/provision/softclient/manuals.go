package softclient

import switchboard "github.com/switchboard-pbx/switchboard"

// The soft clients' set-up and reset in German and French
// (Model.Manuals), translated from the English in models.go. Source:
// Switchboard's own clients; the flows are seed 004 ("Gérer un an
// IP-Phone" with its QR code, "Gérer d'un an Web-Phone") and seed 000
// (double registration of desktop clients).
const (
	resetDE = "Melden Sie sich im Client ab und löschen Sie seine Daten (Desktop: Client deinstallieren; mobil: App löschen); den Zugangsschlüssel des Endgeräts erneuert Neuer Schlüssel."
	resetFR = "Déconnectez-vous du client et supprimez ses données (ordinateur : désinstallez le client ; mobile : supprimez l'application) ; la clé d'accès de l'appareil se renouvelle avec Nouvelle clé."
)

var (
	desktopManuals = map[string]switchboard.Manual{
		"de": {ManualSteps: []string{
			"Installieren und öffnen Sie den Desktop-Client.",
			"Wählen Sie 'Mit Provisionierungs-Link einrichten' und fügen Sie die Provisionierungs-URL ein.",
			"Der Client lädt sein Profil und registriert sich; melden Sie sich vorher an jedem anderen Computer ab (Seed 000: Doppelanmeldung).",
		}, FactoryReset: resetDE},
		"fr": {ManualSteps: []string{
			"Installez et ouvrez le client de bureau.",
			"Choisissez 'Configurer avec un lien de provisioning' et collez l'URL de provisioning.",
			"Le client charge son profil et s'enregistre ; déconnectez-vous d'abord sur tout autre ordinateur (seed 000 : double enregistrement).",
		}, FactoryReset: resetFR},
	}
	mobileManuals = map[string]switchboard.Manual{
		"de": {ManualSteps: []string{
			"Öffnen Sie im Portal das Endgerät und klicken Sie auf Neu: Ein QR-Code mit der Provisionierungs-URL erscheint.",
			"Starten Sie die mobile App und scannen Sie den QR-Code; warten Sie, bis sie ihre Konfiguration geladen hat.",
			"Prüfen Sie im Portal, dass Letzter Zugriff Uhrzeit und Adresse des Telefons zeigt, und machen Sie einen Testanruf.",
		}, FactoryReset: resetDE},
		"fr": {ManualSteps: []string{
			"Dans le portail, ouvrez l'appareil et cliquez sur Nouveau : un code QR avec l'URL de provisioning apparaît.",
			"Lancez l'application mobile et scannez le code QR ; attendez qu'elle ait chargé sa configuration.",
			"Vérifiez dans le portail que Dernier accès affiche l'heure et l'adresse du téléphone, puis passez un appel de test.",
		}, FactoryReset: resetFR},
	}
	webManuals = map[string]switchboard.Manual{
		"de": {ManualSteps: []string{
			"Öffnen Sie die Web-Phone-Seite des Portals in einem WebRTC-fähigen Browser wie Chrome.",
			"Melden Sie sich mit Benutzername und Passwort des Portals an; das Web-Phone lädt sein Konto selbst.",
		}, FactoryReset: "Melden Sie sich vom Web-Phone ab und schließen Sie den Browser-Tab."},
		"fr": {ManualSteps: []string{
			"Ouvrez la page Web-Phone du portail dans un navigateur compatible WebRTC, comme Chrome.",
			"Connectez-vous avec le nom d'utilisateur et le mot de passe du portail ; le Web-Phone charge son compte lui-même.",
		}, FactoryReset: "Déconnectez-vous du Web-Phone et fermez l'onglet du navigateur."},
	}
)
