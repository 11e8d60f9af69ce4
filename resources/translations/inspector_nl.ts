<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl" sourcelanguage="en">
<context>
    <name>AddResidentDialog</name>
    <message>
        <source>Add resident</source>
        <translation>Bewoner toevoegen</translation>
    </message>
    <message>
        <source>Name as the resident gives it</source>
        <translation>Naam zoals de bewoner die opgeeft</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Language of the questions</source>
        <translation>Taal van de vragen</translation>
    </message>
    <message>
        <source>Fill in a name (a first name is enough).</source>
        <translation>Vul een naam in (een voornaam is genoeg).</translation>
    </message>
</context>
<context>
    <name>AddressImportDialog</name>
    <message>
        <source>Import address data</source>
        <translation>Adresgegevens importeren</translation>
    </message>
    <message>
        <source>File (CSV, .xlsx or .ods)</source>
        <translation>Bestand (CSV, .xlsx of .ods)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Bladeren…</translation>
    </message>
    <message>
        <source>&amp;Read</source>
        <translation>&amp;Lezen</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Kolom</translation>
    </message>
    <message>
        <source>Read as</source>
        <translation>Gelezen als</translation>
    </message>
    <message>
        <source>First values</source>
        <translation>Eerste waarden</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importeren</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Gegevens</translation>
    </message>
    <message>
        <source>Columns: {0}</source>
        <translation>Kolommen: {0}</translation>
    </message>
    <message>
        <source>Choose the file with address data</source>
        <translation>Kies het bestand met adresgegevens</translation>
    </message>
    <message>
        <source>Choose a file first.</source>
        <translation>Kies eerst een bestand.</translation>
    </message>
    <message>
        <source>— not used —</source>
        <translation>— niet gebruiken —</translation>
    </message>
    <message>
        <source>Missing: {0}.</source>
        <translation>Ontbreekt: {0}.</translation>
    </message>
    <message>
        <source>Chosen twice: {0}.</source>
        <translation>Twee keer gekozen: {0}.</translation>
    </message>
    <message>
        <source>Header in row {0}; check the columns, then import.</source>
        <translation>Kopregel in rij {0}; controleer de kolommen en importeer dan.</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Rij</translation>
    </message>
    <message>
        <source>Imported.</source>
        <translation>Geïmporteerd.</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Bezig met importeren…</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Lezen…</translation>
    </message>
</context>
<context>
    <name>AttachmentEditor</name>
    <message>
        <source>Take photo…</source>
        <extracomment>The repeat instance the field belongs to (&apos;&apos; at top level); set by the form view.</extracomment>
        <translation>Foto maken…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Attach photo…</source>
        <translation>Foto toevoegen…</translation>
    </message>
    <message>
        <source>What does the photo show?</source>
        <translation>Wat staat er op de foto?</translation>
    </message>
    <message>
        <source>Attach scan…</source>
        <translation>Scan toevoegen…</translation>
    </message>
    <message>
        <source>Which document is this?</source>
        <translation>Welk document is dit?</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Bijschrift</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>Geen foto</translation>
    </message>
    <message>
        <source>No scan</source>
        <translation>Geen scan</translation>
    </message>
    <message>
        <source>The file cannot be found</source>
        <translation>Het bestand is niet gevonden</translation>
    </message>
    <message>
        <source>Document ({0}, {1} kB)</source>
        <translation>Document ({0}, {1} kB)</translation>
    </message>
    <message>
        <source>This image cannot be shown</source>
        <translation>Deze afbeelding kan niet worden getoond</translation>
    </message>
    <message>
        <source>Photos (*.jpg *.jpeg *.png *.webp *.bmp *.gif *.tif *.tiff)</source>
        <translation>Foto&apos;s (*.jpg *.jpeg *.png *.webp *.bmp *.gif *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Scans (*.jpg *.jpeg *.png *.pdf *.tif *.tiff)</source>
        <translation>Scans (*.jpg *.jpeg *.png *.pdf *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Kies een bestand</translation>
    </message>
    <message>
        <source>The file is larger than 30 MB.</source>
        <translation>Het bestand is groter dan 30 MB.</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>Het bestand kan niet worden gelezen.</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>No camera was found. Choose a photo file instead.</source>
        <translation>Er is geen camera gevonden. Kies in plaats daarvan een fotobestand.</translation>
    </message>
    <message>
        <source>Remove this picture? It cannot be brought back.</source>
        <translation>Deze afbeelding verwijderen? Dit kan niet ongedaan worden gemaakt.</translation>
    </message>
</context>
<context>
    <name>CalculatedEditor</name>
    <message>
        <source>(calculated)</source>
        <translation>(berekend)</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>Take photo</source>
        <extracomment>Largest file accepted as one attachment.</extracomment>
        <translation>Foto maken</translation>
    </message>
    <message>
        <source>The camera reports a problem: {0}</source>
        <translation>De camera meldt een probleem: {0}</translation>
    </message>
</context>
<context>
    <name>DocumentCameraDialog</name>
    <message>
        <source>Scan with the camera</source>
        <translation>Scannen met de camera</translation>
    </message>
    <message>
        <source>&amp;Take photo</source>
        <translation>&amp;Foto maken</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Hold the document flat and fill the frame with it.</source>
        <translation>Houd het document plat en zorg dat het het hele kader vult.</translation>
    </message>
</context>
<context>
    <name>ConsentPage</name>
    <message>
        <source>Resident&apos;s &amp;language:</source>
        <extracomment>The explanation before consent, in this order (texts in resources/texts/registration.yaml).</extracomment>
        <translation>&amp;Taal van de bewoner:</translation>
    </message>
    <message>
        <source>Register in the BRP</source>
        <translation>Inschrijven in de BRP</translation>
    </message>
    <message>
        <source>The language cannot be changed: {0}</source>
        <translation>De taal kan niet worden gewijzigd: {0}</translation>
    </message>
    <message>
        <source>resident (ingezetene, BRP)</source>
        <translation>ingezetene (BRP)</translation>
    </message>
    <message>
        <source>non-resident (RNI)</source>
        <translation>niet-ingezetene (RNI)</translation>
    </message>
    <message>
        <source>already registered correctly</source>
        <translation>al juist ingeschreven</translation>
    </message>
    <message>
        <source>registered on the spot</source>
        <translation>ter plaatse ingeschreven</translation>
    </message>
    <message>
        <source>not yet known</source>
        <translation>nog niet bekend</translation>
    </message>
    <message>
        <source>Registration duty from the questionnaire: &lt;b style=&apos;color:{0}&apos;&gt;{1}&lt;/b&gt; — {2}</source>
        <translation>Inschrijfplicht volgens de vragenlijst: &lt;b style=&apos;color:{0}&apos;&gt;{1}&lt;/b&gt; — {2}</translation>
    </message>
</context>
<context>
    <name>DeclinedPage</name>
    <message>
        <source>The resident does not register now.</source>
        <extracomment>The officer closes the registration.</extracomment>
        <translation>De bewoner schrijft zich nu niet in.</translation>
    </message>
    <message>
        <source>Only this choice is recorded; no personal data were captured for the registration.</source>
        <translation>Alleen deze keuze is vastgelegd; er zijn geen persoonsgegevens voor de inschrijving opgeslagen.</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Sluiten</translation>
    </message>
</context>
<context>
    <name>DetailsPage</name>
    <message>
        <source>&amp;Next: identity document ▶</source>
        <extracomment>What the registration-details page shows; the document and signing are pages of their own.</extracomment>
        <translation>&amp;Volgende: identiteitsbewijs ▶</translation>
    </message>
    <message>
        <source>From the employer&apos;s list, not yet checked against the identity document</source>
        <translation>Uit de lijst van de werkgever, nog niet gecontroleerd met het identiteitsbewijs</translation>
    </message>
    <message>
        <source>Ticked values &amp;checked against the document</source>
        <translation>Aangevinkte waarden &amp;gecontroleerd met het document</translation>
    </message>
    <message>
        <source>Every value from the list has been checked against the document.</source>
        <translation>Alle waarden uit de lijst zijn met het document gecontroleerd.</translation>
    </message>
    <message>
        <source>The answers point to a short stay ({0}). I confirm that this person registers as a resident (ingezetene) all the same.</source>
        <translation>De antwoorden wijzen op een kort verblijf ({0}). Ik bevestig dat deze persoon zich toch als ingezetene inschrijft.</translation>
    </message>
</context>
<context>
    <name>DocumentPage</name>
    <message>
        <source>I have checked the document: it looks genuine and the photo matches the person</source>
        <extracomment>The form&apos;s fields on the document page (the rest of the form is on the details page).</extracomment>
        <translation>Ik heb het document gecontroleerd: het ziet er echt uit en de foto komt overeen met de persoon</translation>
    </message>
    <message>
        <source>Front</source>
        <translation>Voorkant</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Achterkant</translation>
    </message>
    <message>
        <source>Scans (stored encrypted)</source>
        <translation>Scans (versleuteld opgeslagen)</translation>
    </message>
    <message>
        <source>◀ &amp;Back</source>
        <translation>◀ &amp;Terug</translation>
    </message>
    <message>
        <source>&amp;Next: signature ▶</source>
        <translation>&amp;Volgende: handtekening ▶</translation>
    </message>
    <message>
        <source>This document expired on {0}. Registration needs a valid identity document: ask for another one.</source>
        <translation>Dit document is verlopen op {0}. Voor inschrijving is een geldig identiteitsbewijs nodig: vraag om een ander document.</translation>
    </message>
    <message>
        <source>Choose the scan of the document</source>
        <translation>Kies de scan van het document</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>The file is larger than {0} MB.</source>
        <translation>Het bestand is groter dan {0} MB.</translation>
    </message>
    <message>
        <source>Cannot read the file: {0}</source>
        <translation>Het bestand kan niet worden gelezen: {0}</translation>
    </message>
    <message>
        <source>This file is not an image or PDF that can be read.</source>
        <translation>Dit bestand is geen afbeelding of PDF die kan worden gelezen.</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>No camera was found. Scan the document with a scanner and choose the file instead.</source>
        <translation>Er is geen camera gevonden. Scan het document met een scanner en kies dan het bestand.</translation>
    </message>
    <message>
        <source>This registration cannot be changed or signed now.</source>
        <translation>Deze inschrijving kan nu niet worden gewijzigd of ondertekend.</translation>
    </message>
    <message>
        <source>the document has expired</source>
        <translation>het document is verlopen</translation>
    </message>
    <message>
        <source>the document is not a passport or identity card</source>
        <translation>het document is geen paspoort of identiteitskaart</translation>
    </message>
    <message>
        <source>a date in the MRZ cannot be right</source>
        <translation>een datum in de MRZ kan niet kloppen</translation>
    </message>
    <message>
        <source>the MRZ cannot be read</source>
        <translation>de MRZ is niet leesbaar</translation>
    </message>
    <message>
        <source>a check digit of the MRZ is wrong</source>
        <translation>een controlecijfer in de MRZ klopt niet</translation>
    </message>
    <message>
        <source>the MRZ differs from what was entered</source>
        <translation>de MRZ wijkt af van wat is ingevuld</translation>
    </message>
    <message>
        <source>confirm the visual check</source>
        <translation>bevestig de visuele controle</translation>
    </message>
    <message>
        <source>scan the front</source>
        <translation>scan de voorkant</translation>
    </message>
    <message>
        <source>Not yet: {0}.</source>
        <translation>Nog niet: {0}.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>&amp;Save PDF…</source>
        <extracomment>A correction was started: a new draft version, back to the details. The officer closes the registration.</extracomment>
        <translation>PDF &amp;opslaan…</translation>
    </message>
    <message>
        <source>Make a &amp;correction (new version)</source>
        <translation>&amp;Correctie maken (nieuwe versie)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Sluiten</translation>
    </message>
    <message>
        <source>Registration signed: ready for the clerk</source>
        <translation>Inschrijving ondertekend: klaar voor de medewerker burgerzaken</translation>
    </message>
    <message>
        <source>resident (ingezetene)</source>
        <translation>ingezetene</translation>
    </message>
    <message>
        <source>non-resident (RNI)</source>
        <translation>niet-ingezetene (RNI)</translation>
    </message>
    <message>
        <source>{0} · {1} · version {2} · signed {3}. The form can no longer be changed; a correction makes a new version.</source>
        <translation>{0} · {1} · versie {2} · ondertekend {3}. Het formulier kan niet meer worden gewijzigd; een correctie maakt een nieuwe versie.</translation>
    </message>
    <message>
        <source>Save the signed form</source>
        <translation>Ondertekend formulier opslaan</translation>
    </message>
    <message>
        <source>The file could not be saved: {0}</source>
        <translation>Het bestand kon niet worden opgeslagen: {0}</translation>
    </message>
    <message>
        <source>Saved as {0}</source>
        <translation>Opgeslagen als {0}</translation>
    </message>
    <message>
        <source>room {0}</source>
        <translation>kamer {0}</translation>
    </message>
    <message>
        <source>Registration form</source>
        <translation>Inschrijfformulier</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>Correctie</translation>
    </message>
    <message>
        <source>&amp;New registration</source>
        <translation>&amp;Nieuwe inschrijving</translation>
    </message>
    <message>
        <source>Registration refused by burgerzaken</source>
        <translation>Inschrijving geweigerd door burgerzaken</translation>
    </message>
    <message>
        <source> (decision of {0})</source>
        <translation> (besluit van {0})</translation>
    </message>
    <message>
        <source>Refused by burgerzaken: {0}</source>
        <translation>Geweigerd door burgerzaken: {0}</translation>
    </message>
    <message>
        <source>A refused registration is not signed, corrected or sent again. The resident can declare again: that is a new registration.</source>
        <translation>Een geweigerde inschrijving wordt niet opnieuw ondertekend, gecorrigeerd of verstuurd. De bewoner kan opnieuw aangifte doen: dat is een nieuwe inschrijving.</translation>
    </message>
    <message>
        <source>A refused registration cannot be corrected.</source>
        <translation>Een geweigerde inschrijving kan niet worden gecorrigeerd.</translation>
    </message>
    <message>
        <source>{0} · {1} · version {2} · signed {3}.</source>
        <translation>{0} · {1} · versie {2} · ondertekend {3}.</translation>
    </message>
</context>
<context>
    <name>FinalizeDialog</name>
    <message>
        <source>Finalize inspection</source>
        <translation>Controle afronden</translation>
    </message>
    <message>
        <source>Why is this inspection finalized with open points? (at least {0} characters)</source>
        <translation>Waarom wordt deze controle met open punten afgerond? (minstens {0} tekens)</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n point(s) still open.&lt;/b&gt; Double-click one (or press Enter) to go there.</source>
        <translation>
            <numerusform>&lt;b&gt;%n punt staat nog open.&lt;/b&gt; Dubbelklik erop (of druk op Enter) om erheen te gaan.</numerusform>
            <numerusform>&lt;b&gt;%n punten staan nog open.&lt;/b&gt; Dubbelklik op een punt (of druk op Enter) om erheen te gaan.</numerusform>
        </translation>
    </message>
    <message>
        <source>Finalize anyway: give the reason (recorded with your name).</source>
        <translation>Toch afronden: geef de reden (wordt met uw naam vastgelegd).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Everything is complete.&lt;/b&gt; Finalizing locks the inspection: it becomes read-only, the findings are stored, and this is recorded in the audit log.</source>
        <translation>&lt;b&gt;Alles is volledig.&lt;/b&gt; Afronden vergrendelt de controle: daarna is die alleen nog te lezen, de bevindingen worden opgeslagen en dit wordt vastgelegd in het auditlog.</translation>
    </message>
    <message>
        <source>Finalize</source>
        <translation>Afronden</translation>
    </message>
    <message>
        <source>Finalize anyway</source>
        <translation>Toch afronden</translation>
    </message>
    <message>
        <source>Give the reason in at least {0} characters.</source>
        <translation>Geef de reden in minstens {0} tekens.</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <source>Item</source>
        <extracomment>Order of the findings: breaches first, advice never among them.</extracomment>
        <translation>Onderdeel</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Uitkomst</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Findings and signals&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Bevindingen en signalen&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>below the norm</source>
        <translation>onder de norm</translation>
    </message>
    <message>
        <source>meets the norm</source>
        <translation>voldoet aan de norm</translation>
    </message>
    <message>
        <source>not yet known</source>
        <translation>nog niet bekend</translation>
    </message>
    <message>
        <source>advice not followed</source>
        <translation>advies niet gevolgd</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Bevindingen</translation>
    </message>
    <message>
        <source>Registration duty (BRP)</source>
        <translation>Inschrijfplicht (BRP)</translation>
    </message>
    <message>
        <source>must register as resident</source>
        <translation>moet zich inschrijven als ingezetene</translation>
    </message>
    <message>
        <source>non-resident (RNI)</source>
        <translation>niet-ingezetene (RNI)</translation>
    </message>
    <message>
        <source>registered correctly</source>
        <translation>juist ingeschreven</translation>
    </message>
    <message>
        <source>registered on the spot</source>
        <translation>ter plaatse ingeschreven</translation>
    </message>
    <message>
        <source>Signals</source>
        <translation>Signalen</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s) below the norm</source>
        <translation>
            <numerusform>%n bevinding onder de norm</numerusform>
            <numerusform>%n bevindingen onder de norm</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n signal(s)</source>
        <translation>
            <numerusform>%n signaal</numerusform>
            <numerusform>%n signalen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n resident(s) who must register</source>
        <translation>
            <numerusform>%n bewoner moet zich inschrijven</numerusform>
            <numerusform>%n bewoners moeten zich inschrijven</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Inspector: first start</source>
        <translation>Inspector: eerste start</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome&lt;/h2&gt;&lt;p&gt;This laptop has no inspection data yet. Create the first officer account. Everything you record is kept encrypted on this laptop.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Welkom&lt;/h2&gt;&lt;p&gt;Op deze laptop staan nog geen controlegegevens. Maak het eerste account voor een toezichthouder aan. Alles wat u vastlegt, wordt versleuteld bewaard op deze laptop.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>e.g. Gemeente Gouda</source>
        <translation>bijv. Gemeente Gouda</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Volledige naam</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>Gemeente</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Uw naam</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Gebruikersnaam</translation>
    </message>
    <message>
        <source>Password or PIN</source>
        <translation>Wachtwoord of pincode</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Wachtwoord herhalen</translation>
    </message>
    <message>
        <source>I understand</source>
        <translation>Ik begrijp het</translation>
    </message>
    <message>
        <source>Looking for the operating system&apos;s keyring…</source>
        <translation>Zoeken naar de sleutelopslag van het besturingssysteem…</translation>
    </message>
    <message>
        <source>&lt;b&gt;No OS keyring on this computer.&lt;/b&gt; The key that encrypts your data will be kept in a key file, protected by your password. Choose a strong password: without it the data cannot be opened.</source>
        <translation>&lt;b&gt;Geen sleutelopslag van het besturingssysteem op deze computer.&lt;/b&gt; De sleutel die uw gegevens versleutelt, wordt bewaard in een sleutelbestand dat met uw wachtwoord is beveiligd. Kies een sterk wachtwoord: zonder dit wachtwoord zijn de gegevens niet te openen.</translation>
    </message>
    <message>
        <source>Technical reason, for the IT department: {0}</source>
        <translation>Technische reden, voor de IT-afdeling (zoals het systeem die geeft): {0}</translation>
    </message>
    <message>
        <source>The encryption key is kept in the operating system&apos;s keyring.</source>
        <translation>De versleutelingssleutel wordt bewaard in de sleutelopslag van het besturingssysteem.</translation>
    </message>
    <message>
        <source>Creating the store…</source>
        <translation>De gegevensopslag wordt aangemaakt…</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Account aanmaken</translation>
    </message>
    <message>
        <source>Fill in the name of the municipality.</source>
        <translation>Vul de naam van de gemeente in.</translation>
    </message>
    <message>
        <source>Fill in your name.</source>
        <translation>Vul uw naam in.</translation>
    </message>
    <message>
        <source>Choose a username.</source>
        <translation>Kies een gebruikersnaam.</translation>
    </message>
    <message>
        <source>Without an OS keyring the password alone protects your data: use at least 10 characters, not starting or ending with a space.</source>
        <translation>Zonder sleutelopslag van het besturingssysteem beschermt alleen het wachtwoord uw gegevens: gebruik minstens 10 tekens, zonder spatie aan het begin of eind.</translation>
    </message>
    <message>
        <source>The password or PIN must have at least 6 characters and may not start or end with a space.</source>
        <translation>Het wachtwoord of de pincode moet minstens 6 tekens hebben en mag niet met een spatie beginnen of eindigen.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>De twee wachtwoorden zijn niet gelijk.</translation>
    </message>
    <message>
        <source>Confirm that the key is kept in a key file protected by your password.</source>
        <translation>Bevestig dat de sleutel wordt bewaard in een sleutelbestand dat met uw wachtwoord is beveiligd.</translation>
    </message>
</context>
<context>
    <name>FormEditing</name>
    <message>
        <source>Not saved: {0}</source>
        <translation>Niet opgeslagen: {0}</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Remove “{0}” with all its answers?</source>
        <translation>“{0}” met alle antwoorden verwijderen?</translation>
    </message>
</context>
<context>
    <name>FormLayout</name>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Vorige</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Volgende ▶</translation>
    </message>
    <message>
        <source>Previous section (Ctrl+PgUp)</source>
        <translation>Vorig onderdeel (Ctrl+PgUp)</translation>
    </message>
    <message>
        <source>Next section (Ctrl+PgDown)</source>
        <translation>Volgend onderdeel (Ctrl+PgDown)</translation>
    </message>
    <message>
        <source>Answers to questions no longer in this form version</source>
        <translation>Antwoorden op vragen die niet meer in deze versie van het formulier staan</translation>
    </message>
    <message>
        <source>These answers were given with an earlier version of the form. They are kept, and shown here read-only.</source>
        <translation>Deze antwoorden zijn gegeven met een eerdere versie van het formulier. Ze worden bewaard en hier alleen ter inzage getoond.</translation>
    </message>
</context>
<context>
    <name>FormSections</name>
    <message numerus="yes">
        <source>%n missing</source>
        <translation>
            <numerusform>%n ontbreekt</numerusform>
            <numerusform>%n ontbreken</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n to correct</source>
        <translation>
            <numerusform>%n te verbeteren</numerusform>
            <numerusform>%n te verbeteren</numerusform>
        </translation>
    </message>
    <message>
        <source>Earlier answers</source>
        <translation>Eerdere antwoorden</translation>
    </message>
    <message>
        <source>Section {0} of {1}</source>
        <translation>Onderdeel {0} van {1}</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <source>This inspection is finalized: answers can be read, not changed.</source>
        <extracomment>Pause in typing after which the answer is saved anyway.</extracomment>
        <translation>Deze controle is afgerond: u kunt de antwoorden lezen, maar niet wijzigen.</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>&amp;Fit to window</source>
        <translation>&amp;Passend in venster</translation>
    </message>
</context>
<context>
    <name>ImportResidentsDialog</name>
    <message>
        <source>Import the employer&apos;s list</source>
        <extracomment>An import ended (imported or refused: the report or the reason shows).</extracomment>
        <translation>Lijst van de werkgever importeren</translation>
    </message>
    <message>
        <source>Columns: {0} (* required; Dutch, English or Polish headers). Excel (.xlsx), LibreOffice (.ods), CSV or Unicode text. People already imported are skipped.</source>
        <translation>Kolommen: {0} (* verplicht; kopjes in het Nederlands, Engels of Pools). Excel (.xlsx), LibreOffice (.ods), CSV of Unicode-tekst. Wie al geïmporteerd is, wordt overgeslagen.</translation>
    </message>
    <message>
        <source>The list file</source>
        <translation>Bestand met de lijst</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>&amp;Kiezen…</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importeren</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Kolom</translation>
    </message>
    <message>
        <source>Header in the file</source>
        <translation>Kop in het bestand</translation>
    </message>
    <message>
        <source>Read as</source>
        <translation>Gelezen als</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>Blad:</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>&amp;Sluiten</translation>
    </message>
    <message>
        <source>Make &amp;invitations…</source>
        <translation>&amp;Uitnodigingen maken…</translation>
    </message>
    <message>
        <source>Invitations to register on location: one letter per resident of the list, in their language.</source>
        <translation>Uitnodigingen om zich op locatie in te schrijven: één brief per bewoner van de lijst, in de eigen taal.</translation>
    </message>
    <message>
        <source>Choose the employer&apos;s list</source>
        <translation>Kies de lijst van de werkgever</translation>
    </message>
    <message>
        <source>The list cannot be imported: {0}</source>
        <translation>De lijst kan niet worden geïmporteerd: {0}</translation>
    </message>
    <message>
        <source>(hidden)</source>
        <translation>(verborgen)</translation>
    </message>
    <message>
        <source>(no list)</source>
        <translation>(geen lijst)</translation>
    </message>
    <message>
        <source>Choose the sheet…</source>
        <translation>Kies het blad…</translation>
    </message>
    <message>
        <source>— not used —</source>
        <translation>— niet gebruikt —</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Kies…</translation>
    </message>
    <message>
        <source>day-month-year</source>
        <translation>dag-maand-jaar</translation>
    </message>
    <message>
        <source>month-day-year</source>
        <translation>maand-dag-jaar</translation>
    </message>
    <message>
        <source>Dates in &apos;{0}&apos; ({1}):</source>
        <translation>Datums in &apos;{0}&apos; ({1}):</translation>
    </message>
    <message>
        <source>Also import the hidden rows ({0})</source>
        <translation>Ook de verborgen rijen importeren ({0})</translation>
    </message>
    <message>
        <source>Choose first: {0} Nothing was imported.</source>
        <translation>Kies eerst: {0} Er is niets geïmporteerd.</translation>
    </message>
    <message>
        <source>Importing the list…</source>
        <translation>De lijst wordt geïmporteerd…</translation>
    </message>
    <message>
        <source>The list cannot be imported: {0} Nothing was imported.</source>
        <translation>De lijst kan niet worden geïmporteerd: {0} Er is niets geïmporteerd.</translation>
    </message>
</context>
<context>
    <name>InspectionListPage</name>
    <message>
        <source>Search by address, postcode or date</source>
        <extracomment>The main window&apos;s size on a large screen; smaller screens get what fits.</extracomment>
        <translation>Zoeken op adres, postcode of datum</translation>
    </message>
    <message>
        <source>&amp;New inspection</source>
        <translation>&amp;Nieuwe controle</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Openen</translation>
    </message>
    <message>
        <source>No inspections yet. Start with “New inspection”.</source>
        <translation>Nog geen controles. Begin met “Nieuwe controle”.</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Inspections&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Controles&lt;/h2&gt;</translation>
    </message>
</context>
<context>
    <name>InspectionPage</name>
    <message>
        <source>← Inspections</source>
        <extracomment>The questionnaires of the inspection itself (a resident&apos;s lives in ResidentsPart).</extracomment>
        <translation>← Controles</translation>
    </message>
    <message>
        <source>Control location</source>
        <extracomment>What the office answered about this inspection and its registrations (sync).</extracomment>
        <translation>Controlelocatie</translation>
    </message>
    <message>
        <source>Location questionnaire</source>
        <translation>Vragenlijst verblijfslocatie</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>Bewoners</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Foto&apos;s</translation>
    </message>
    <message>
        <source>Findings and signals</source>
        <translation>Bevindingen en signalen</translation>
    </message>
    <message>
        <source>BRP registrations</source>
        <translation>Inschrijvingen BRP</translation>
    </message>
    <message>
        <source>Letters</source>
        <translation>Brieven</translation>
    </message>
    <message>
        <source>Inspection: {0}</source>
        <translation>controle: {0}</translation>
    </message>
    <message>
        <source>Registration of {0}: {1}</source>
        <translation>inschrijving van {0}: {1}</translation>
    </message>
    <message>
        <source>From the office — {0}</source>
        <translation>Van kantoor — {0}</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>gepland</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>bezig</translation>
    </message>
    <message>
        <source>finalized (read-only)</source>
        <translation>afgerond (alleen lezen)</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>Heropenen…</translation>
    </message>
    <message>
        <source>Finalize…</source>
        <translation>Afronden…</translation>
    </message>
    <message>
        <source>Finalize inspection</source>
        <translation>Controle afronden</translation>
    </message>
    <message numerus="yes">
        <source>Not finalized: %n point(s) still open. Open the check again.</source>
        <translation>
            <numerusform>Niet afgerond: %n punt staat nog open. Open de controle opnieuw.</numerusform>
            <numerusform>Niet afgerond: %n punten staan nog open. Open de controle opnieuw.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InspectionTableModel</name>
    <message>
        <source>Reference</source>
        <translation>Kenmerk</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Plaats</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>Bewoners</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>gepland</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>bezig</translation>
    </message>
    <message>
        <source>finalized</source>
        <translation>afgerond</translation>
    </message>
</context>
<context>
    <name>InstanceBox</name>
    <message>
        <source>Move up</source>
        <translation>Omhoog</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Omlaag</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Verwijderen…</translation>
    </message>
</context>
<context>
    <name>InvitationsDialog</name>
    <message>
        <source>Invitations to a group registration</source>
        <extracomment>A place or an extra document longer than this is a mistake (a pasted text).</extracomment>
        <translation>Uitnodigingen voor een groepsinschrijving</translation>
    </message>
    <message>
        <source>One letter per resident, in the resident&apos;s language followed by the Dutch text: when and where the residents can register in the BRP on location, and what to bring (the identity document and the usual papers are always named).</source>
        <extracomment>The files of the last save.</extracomment>
        <translation>Eén brief per bewoner, in de taal van de bewoner met daarna de Nederlandse tekst: wanneer en waar de bewoners zich op locatie kunnen inschrijven in de BRP, en wat ze meenemen (het identiteitsbewijs en de gebruikelijke papieren staan er altijd in).</translation>
    </message>
    <message>
        <source>E.g. the canteen of the park, Voorbeeldweg 1</source>
        <translation>Bijv. de kantine van het park, Voorbeeldweg 1</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Datum</translation>
    </message>
    <message>
        <source>&amp;Time</source>
        <translation>&amp;Tijd</translation>
    </message>
    <message>
        <source>&amp;Place</source>
        <translation>&amp;Plaats</translation>
    </message>
    <message>
        <source>Something else (optional, one per line; printed as typed in every letter)</source>
        <translation>Iets anders (niet verplicht, één per regel; staat in elke brief zoals getypt)</translation>
    </message>
    <message>
        <source>Also bring</source>
        <translation>Ook meenemen</translation>
    </message>
    <message>
        <source>&amp;Other</source>
        <translation>&amp;Anders</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(geen naam)</translation>
    </message>
    <message>
        <source>room {0}</source>
        <translation>kamer {0}</translation>
    </message>
    <message>
        <source>from the employer&apos;s list</source>
        <translation>uit de lijst van de werkgever</translation>
    </message>
    <message>
        <source>&amp;Invite</source>
        <translation>&amp;Uitnodigen</translation>
    </message>
    <message>
        <source>&amp;Save invitations in a folder…</source>
        <translation>Uitnodigingen in een map &amp;opslaan…</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>S&amp;luiten</translation>
    </message>
    <message>
        <source>This inspection has no residents yet: import the employer&apos;s list or add residents first.</source>
        <translation>Deze controle heeft nog geen bewoners: importeer eerst de lijst van de werkgever of voeg bewoners toe.</translation>
    </message>
    <message>
        <source>Fill in the place where the residents can come.</source>
        <translation>Vul de plaats in waar de bewoners kunnen komen.</translation>
    </message>
    <message>
        <source>The date has passed: choose a day from today on.</source>
        <translation>Die datum is voorbij: kies een dag vanaf vandaag.</translation>
    </message>
    <message>
        <source>A line under &apos;Other&apos; is longer than {0} characters.</source>
        <translation>Een regel bij &apos;Anders&apos; is langer dan {0} tekens.</translation>
    </message>
    <message>
        <source>Tick at least one resident to invite.</source>
        <translation>Vink ten minste één bewoner aan om uit te nodigen.</translation>
    </message>
    <message>
        <source>Save the invitations in</source>
        <translation>Uitnodigingen opslaan in</translation>
    </message>
    <message>
        <source>Making the invitations…</source>
        <translation>Uitnodigingen maken…</translation>
    </message>
    <message numerus="yes">
        <source>%n invitation(s) saved in {0}: {1}</source>
        <translation>
            <numerusform>%n uitnodiging opgeslagen in {0}: {1}</numerusform>
            <numerusform>%n uitnodigingen opgeslagen in {0}: {1}</numerusform>
        </translation>
    </message>
    <message>
        <source>The invitations could not be saved: {0}.</source>
        <translation>De uitnodigingen konden niet worden opgeslagen: {0}.</translation>
    </message>
</context>
<context>
    <name>LetterPanel</name>
    <message>
        <source>&amp;Invitations to a group registration…</source>
        <extracomment>Printing above this resolution only makes the job bigger, not the letter sharper. The warning about a cloud-synced folder is given once per run of the app. A letter left the app: kind, language, format (&quot;pdf&quot;/&quot;docx&quot;), how (&quot;print&quot;/&quot;save&quot;). The preview was rendered again (page count); emitted after every successful render. A rendering in the background ended (a letter or a message is shown now).</extracomment>
        <translation>&amp;Uitnodigingen groepsinschrijving…</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Brief</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>Addressed to</source>
        <translation>Gericht aan</translation>
    </message>
    <message>
        <source>Group registration</source>
        <translation>Groepsinschrijving</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Afdrukken…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Opslaan als PDF…</translation>
    </message>
    <message>
        <source>Save as DOCX…</source>
        <translation>Opslaan als DOCX…</translation>
    </message>
    <message>
        <source>Control letter for the residents</source>
        <translation>Controlebrief voor de bewoners</translation>
    </message>
    <message>
        <source>Receipt of the declaration (BRP, before processing)</source>
        <translation>Bewijs van aangifte (BRP, vóór verwerking)</translation>
    </message>
    <message>
        <source>Confirmation of registration (BRP, once processed)</source>
        <translation>Bevestiging van inschrijving (BRP, na verwerking)</translation>
    </message>
    <message>
        <source>Referral to the RNI counter</source>
        <translation>Verwijzing naar het RNI-loket</translation>
    </message>
    <message>
        <source>Report of findings</source>
        <translation>Rapport van bevindingen</translation>
    </message>
    <message>
        <source>Referral to the Labour Authority (NLA)</source>
        <translation>Melding aan de Nederlandse Arbeidsinspectie (NLA)</translation>
    </message>
    <message>
        <source>Referral to the SNF (Stichting Normering Flexwonen)</source>
        <translation>Melding aan de SNF (Stichting Normering Flexwonen)</translation>
    </message>
    <message>
        <source>All residents of the address (no one by name)</source>
        <translation>Alle bewoners van het adres (niemand bij naam)</translation>
    </message>
    <message>
        <source>This letter cannot be made: {reason}.</source>
        <translation>Deze brief kan niet worden gemaakt: {reason}.</translation>
    </message>
    <message>
        <source>Making the letter…</source>
        <translation>De brief wordt gemaakt…</translation>
    </message>
    <message>
        <source>1 page</source>
        <translation>1 pagina</translation>
    </message>
    <message>
        <source>{count} pages</source>
        <translation>{count} pagina&apos;s</translation>
    </message>
    <message>
        <source>Save letter as PDF</source>
        <translation>Brief opslaan als PDF</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-document (*.pdf)</translation>
    </message>
    <message>
        <source>Save letter as DOCX</source>
        <translation>Brief opslaan als DOCX</translation>
    </message>
    <message>
        <source>Word document (*.docx)</source>
        <translation>Word-document (*.docx)</translation>
    </message>
    <message>
        <source>Making the DOCX…</source>
        <translation>Het DOCX-bestand wordt gemaakt…</translation>
    </message>
    <message>
        <source>The letter could not be saved in {path}: {reason}.</source>
        <translation>De brief kon niet worden opgeslagen in {path}: {reason}.</translation>
    </message>
    <message>
        <source>Saved as {0}</source>
        <translation>Opgeslagen als {0}</translation>
    </message>
    <message>
        <source>This folder is synchronised with {service}: the letter, with personal data, is copied unencrypted to the cloud. Save letters in the export folder of the app ({folder}) unless the municipality allows this.</source>
        <translation>Deze map wordt gesynchroniseerd met {service}: de brief, met persoonsgegevens, gaat onversleuteld naar de cloud. Bewaar brieven in de exportmap van de app ({folder}), tenzij de gemeente dit toestaat.</translation>
    </message>
    <message>
        <source>The printer could not be started. Check the printer.</source>
        <translation>De printer kon niet worden gestart. Controleer de printer.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inspector – {0}</source>
        <extracomment>Emitted before locking and closing, so that open forms commit what is being typed. Emitted with the new interface language; the application rebuilds the window.</extracomment>
        <translation>Inspector – {0}</translation>
    </message>
    <message>
        <source>Letters: the municipality&apos;s details are missing…</source>
        <extracomment>Fits a 1366x768 laptop and 1920x1080 at 150 %; maximized again if it was.</extracomment>
        <translation>Brieven: gegevens van de gemeente ontbreken…</translation>
    </message>
    <message>
        <source>Signed in as {0}</source>
        <translation>Aangemeld als {0}</translation>
    </message>
    <message>
        <source>All saved</source>
        <translation>Alles opgeslagen</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>&amp;Nu vergrendelen</translation>
    </message>
    <message>
        <source>&amp;Inspections list</source>
        <translation>&amp;Overzicht controles</translation>
    </message>
    <message>
        <source>&amp;Inspector</source>
        <translation>&amp;Inspector</translation>
    </message>
    <message>
        <source>S&amp;ync with the office</source>
        <translation>S&amp;ynchroniseren met kantoor</translation>
    </message>
    <message>
        <source>Municipality &amp;settings…</source>
        <translation>&amp;Instellingen gemeente…</translation>
    </message>
    <message>
        <source>Interface &amp;language</source>
        <translation>&amp;Taal van de interface</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <extracomment>The registry clerk&apos;s desk: only in an office store holding the registry key.</extracomment>
        <translation>&amp;Afsluiten</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Opgeslagen</translation>
    </message>
    <message>
        <source>Municipality settings</source>
        <translation>Instellingen gemeente</translation>
    </message>
    <message>
        <source>Only an administrator can fill in the municipality&apos;s details.</source>
        <translation>Alleen een beheerder kan de gegevens van de gemeente invullen.</translation>
    </message>
</context>
<context>
    <name>MessageLabel</name>
    <message>
        <source>more…</source>
        <translation>meer…</translation>
    </message>
</context>
<context>
    <name>MrzPanel</name>
    <message>
        <source>Machine readable zone (MRZ)</source>
        <translation>Machineleesbare zone (MRZ)</translation>
    </message>
    <message>
        <source>Type or paste the 2 or 3 lines at the bottom of the document (optional)</source>
        <translation>Typ of plak de 2 of 3 regels onderaan het document (optioneel)</translation>
    </message>
    <message>
        <source>Fill &amp;empty fields from the MRZ</source>
        <translation>&amp;Lege velden aanvullen uit de MRZ</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Veld</translation>
    </message>
    <message>
        <source>In the MRZ</source>
        <translation>In de MRZ</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>Ingevuld</translation>
    </message>
    <message>
        <source>The differences are explained (e.g. another spelling of the name)</source>
        <translation>De verschillen zijn verklaard (bijv. een andere schrijfwijze van de naam)</translation>
    </message>
    <message>
        <source>Matching check digits only show that the characters agree with each other, not that they were read right.</source>
        <translation>Kloppende controlecijfers tonen alleen dat de tekens met elkaar overeenstemmen, niet dat ze goed gelezen zijn.</translation>
    </message>
    <message>
        <source>check digit {0}, should be {1}</source>
        <translation>controlecijfer {0}, moet {1} zijn</translation>
    </message>
    <message>
        <source>{0} document, check digits:</source>
        <translation>Document {0}, controlecijfers:</translation>
    </message>
    <message>
        <source>No MRZ entered: the check digits are not checked.</source>
        <translation>Geen MRZ ingevuld: de controlecijfers worden niet nagekeken.</translation>
    </message>
    <message numerus="yes">
        <source>The MRZ differs from what was entered in %n field(s):</source>
        <translation>
            <numerusform>De MRZ wijkt in %n veld af van wat is ingevuld:</numerusform>
            <numerusform>De MRZ wijkt in %n velden af van wat is ingevuld:</numerusform>
        </translation>
    </message>
    <message>
        <source>Surname</source>
        <translation>Achternaam</translation>
    </message>
    <message>
        <source>Given names</source>
        <translation>Voornamen</translation>
    </message>
    <message>
        <source>Document number</source>
        <translation>Documentnummer</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation>Nationaliteit</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Geboortedatum</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Geslacht</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Geldig tot</translation>
    </message>
    <message>
        <source>Read from the MRZ: compare with the document</source>
        <translation>Gelezen uit de MRZ: vergelijk met het document</translation>
    </message>
</context>
<context>
    <name>NationalityEditor</name>
    <message>
        <source>Choose a country to add it</source>
        <extracomment>Single choices with more options than this become a combo box instead of radio buttons. Whether the view should coerce what `raw` returns from typed text.</extracomment>
        <translation>Kies een land om het toe te voegen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
</context>
<context>
    <name>NewInspectionDialog</name>
    <message>
        <source>New inspection</source>
        <translation>Nieuwe controle</translation>
    </message>
    <message>
        <source>Street and number</source>
        <translation>Straat en huisnummer</translation>
    </message>
    <message>
        <source>16 digits (optional)</source>
        <translation>16 cijfers (optioneel)</translation>
    </message>
    <message>
        <source>Address</source>
        <extracomment>The field the message under the form is about; editing it takes the message away.</extracomment>
        <translation>Adres</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Plaats</translation>
    </message>
    <message>
        <source>BAG verblijfsobject id</source>
        <translation>BAG-id verblijfsobject</translation>
    </message>
    <message>
        <source>BAG nummeraanduiding id</source>
        <translation>BAG-id nummeraanduiding</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Aanmaken</translation>
    </message>
    <message>
        <source>verblijfsobject</source>
        <translation>verblijfsobject</translation>
    </message>
    <message>
        <source>nummeraanduiding</source>
        <translation>nummeraanduiding</translation>
    </message>
    <message>
        <source>pand</source>
        <translation>pand</translation>
    </message>
    <message>
        <source>{0}: a BAG id has 16 digits.</source>
        <translation>{0}: een BAG-id heeft 16 cijfers.</translation>
    </message>
    <message>
        <source>{0}: digits 5 and 6 give the kind of object (01, 10 or 20).</source>
        <translation>{0}: cijfer 5 en 6 geven de soort object aan (01, 10 of 20).</translation>
    </message>
    <message>
        <source>{0}: this id is of a {1}.</source>
        <translation>{0}: dit is het id van een {1}.</translation>
    </message>
    <message>
        <source>Not a Dutch postcode: four digits, then two letters (1234 AB).</source>
        <translation>Geen Nederlandse postcode: vier cijfers en dan twee letters (1234 AB).</translation>
    </message>
    <message>
        <source>Fill in the address.</source>
        <translation>Vul het adres in.</translation>
    </message>
    <message>
        <source>Fill in a valid postcode.</source>
        <translation>Vul een geldige postcode in.</translation>
    </message>
    <message>
        <source>Fill in the city.</source>
        <translation>Vul de plaats in.</translation>
    </message>
</context>
<context>
    <name>OfficeLinkDialog</name>
    <message>
        <source>Link to the office service</source>
        <translation>Koppeling met de dienst op kantoor</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>ongewijzigd</translation>
    </message>
    <message>
        <source>coordinator&apos;s access code</source>
        <translation>toegangscode van de coördinator</translation>
    </message>
    <message>
        <source>The access code is kept encrypted on this computer and is used only for this service; for another service, fill in its own code.</source>
        <translation>De toegangscode wordt versleuteld op deze computer bewaard en alleen voor deze dienst gebruikt; vul voor een andere dienst de eigen code in.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Opslaan</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Office service</source>
        <translation>Dienst op kantoor</translation>
    </message>
    <message>
        <source>Access code</source>
        <translation>Toegangscode</translation>
    </message>
</context>
<context>
    <name>PhotosPart</name>
    <message>
        <source>Caption: what does the photo show?</source>
        <translation>Bijschrift: wat staat er op de foto?</translation>
    </message>
    <message>
        <source>Add photo from file…</source>
        <translation>Foto uit bestand toevoegen…</translation>
    </message>
    <message>
        <source>No photos yet. Photos taken at a question appear here too.</source>
        <translation>Nog geen foto&apos;s. Foto&apos;s die bij een vraag zijn gemaakt, staan hier ook.</translation>
    </message>
    <message>
        <source>(no caption)</source>
        <translation>(geen bijschrift)</translation>
    </message>
    <message>
        <source>Add photo</source>
        <translation>Foto toevoegen</translation>
    </message>
    <message>
        <source>The file is larger than {0} MB.</source>
        <translation>Het bestand is groter dan {0} MB.</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>Het bestand kan niet worden gelezen.</translation>
    </message>
    <message>
        <source>This file is not an image that can be shown.</source>
        <translation>Dit bestand is geen afbeelding die kan worden getoond.</translation>
    </message>
</context>
<context>
    <name>PlannedVisitsPage</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Vernieuwen</translation>
    </message>
    <message>
        <source>← Inspections</source>
        <translation>← Inspecties</translation>
    </message>
    <message>
        <source>Planned visits</source>
        <translation>Geplande bezoeken</translation>
    </message>
    <message>
        <source>name of a resident found, not registered</source>
        <translation>naam van een aangetroffen bewoner die niet ingeschreven is</translation>
    </message>
    <message>
        <source>&amp;Add resident</source>
        <translation>Bewoner &amp;toevoegen</translation>
    </message>
    <message>
        <source>&amp;Start the inspection</source>
        <translation>Inspectie &amp;starten</translation>
    </message>
    <message>
        <source>Registered at this address: who lives here?</source>
        <translation>Ingeschreven op dit adres: wie woont hier?</translation>
    </message>
    <message>
        <source>No planned visits on this laptop yet.</source>
        <translation>Nog geen geplande bezoeken op deze laptop.</translation>
    </message>
    <message>
        <source>&amp;Open the inspection</source>
        <translation>Inspectie &amp;openen</translation>
    </message>
    <message>
        <source>Nobody is registered here.</source>
        <translation>Hier is niemand ingeschreven.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Opgeslagen.</translation>
    </message>
    <message>
        <source>{0} added as a resident of the inspection.</source>
        <translation>{0} toegevoegd als bewoner van de inspectie.</translation>
    </message>
    <message>
        <source>Found here, not registered: {0}</source>
        <translation>Hier aangetroffen, niet ingeschreven: {0}</translation>
    </message>
</context>
<context>
    <name>PlanningMenu</name>
    <message>
        <source>Address selection and &amp;planning…</source>
        <translation>Adresselectie en &amp;planning…</translation>
    </message>
    <message>
        <source>Planned &amp;visits…</source>
        <translation>Geplande &amp;bezoeken…</translation>
    </message>
</context>
<context>
    <name>PlanningPage</name>
    <message>
        <source>Ranking the addresses…</source>
        <translation>De adressen worden gerangschikt…</translation>
    </message>
    <message>
        <source>&amp;Import address data…</source>
        <extracomment>The ranked list shows the data as stored now (after opening, importing, ranking again). A call to the office service (laptops, sending, outcomes) is over; the page says how.</extracomment>
        <translation>Adresgegevens &amp;importeren…</translation>
    </message>
    <message>
        <source>&amp;Rank again</source>
        <translation>Opnieuw &amp;rangschikken</translation>
    </message>
    <message>
        <source>&amp;Plan the selected addresses</source>
        <translation>Geselecteerde adressen &amp;plannen</translation>
    </message>
    <message>
        <source>names, separated by commas</source>
        <translation>namen, gescheiden door komma&apos;s</translation>
    </message>
    <message>
        <source>e.g. NLA, police, fire brigade</source>
        <translation>bijv. NLA, politie, brandweer</translation>
    </message>
    <message>
        <source>Get the &amp;laptops</source>
        <translation>&amp;Laptops ophalen</translation>
    </message>
    <message>
        <source>Plan &amp;visits</source>
        <translation>&amp;Bezoeken plannen</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>Adressen</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Time slot</source>
        <translation>Tijdvak</translation>
    </message>
    <message>
        <source>Officers</source>
        <translation>Toezichthouders</translation>
    </message>
    <message>
        <source>Partner organisations</source>
        <translation>Partnerorganisaties</translation>
    </message>
    <message>
        <source>Office service</source>
        <translation>Kantoordienst</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Waarom</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Ingeschreven</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Re&amp;move visit</source>
        <translation>Bezoek &amp;verwijderen</translation>
    </message>
    <message>
        <source>&amp;Send to the laptops</source>
        <translation>Naar de laptops &amp;versturen</translation>
    </message>
    <message>
        <source>Get &amp;outcomes</source>
        <translation>&amp;Uitkomsten ophalen</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>Aangetroffen</translation>
    </message>
    <message>
        <source>For burgerzaken</source>
        <translation>Voor burgerzaken</translation>
    </message>
    <message>
        <source>What the visits found</source>
        <translation>Wat de bezoeken vonden</translation>
    </message>
    <message>
        <source>Planning</source>
        <translation>Planning</translation>
    </message>
    <message>
        <source>← Inspections</source>
        <translation>← Inspecties</translation>
    </message>
    <message>
        <source>{0}: {1} rows</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>No address data yet: import the BAG data first.</source>
        <translation>Nog geen adresgegevens: importeer eerst de BAG-gegevens.</translation>
    </message>
    <message>
        <source>{0} selected in the list</source>
        <translation>{0} geselecteerd in de lijst</translation>
    </message>
    <message>
        <source>{0} laptops found.</source>
        <translation>{0} laptops gevonden.</translation>
    </message>
    <message>
        <source>{0} visits planned.</source>
        <translation>{0} bezoeken gepland.</translation>
    </message>
    <message>
        <source>{0} live here</source>
        <translation>{0} wonen hier</translation>
    </message>
    <message>
        <source>unknown: {0}</source>
        <translation>onbekend: {0}</translation>
    </message>
    <message>
        <source>{0} findings</source>
        <translation>{0} bevindingen</translation>
    </message>
    <message>
        <source>not living here: {0}</source>
        <translation>woont hier niet: {0}</translation>
    </message>
    <message>
        <source>found, not registered: {0}</source>
        <translation>aangetroffen, niet ingeschreven: {0}</translation>
    </message>
    <message>
        <source>Select a visit first.</source>
        <translation>Selecteer eerst een bezoek.</translation>
    </message>
    <message>
        <source>Nothing to send for this day.</source>
        <translation>Niets te versturen voor deze dag.</translation>
    </message>
    <message>
        <source>{0} visits sent sealed ({1} messages).</source>
        <translation>{0} bezoeken versleuteld verstuurd ({1} berichten).</translation>
    </message>
    <message>
        <source>{0} outcomes received.</source>
        <translation>{0} uitkomsten ontvangen.</translation>
    </message>
    <message>
        <source>The day&apos;s visits in route order, from the highest-ranked address</source>
        <translation>De bezoeken van de dag in routevolgorde, vanaf het hoogst gerangschikte adres</translation>
    </message>
    <message>
        <source>The day&apos;s visits in route order, from {0}</source>
        <translation>De bezoeken van de dag in routevolgorde, vanaf {0}</translation>
    </message>
    <message>
        <source>not linked yet</source>
        <translation>nog niet gekoppeld</translation>
    </message>
    <message>
        <source>&amp;Link…</source>
        <translation>&amp;Koppelen…</translation>
    </message>
    <message>
        <source>Change &amp;link…</source>
        <translation>&amp;Koppeling wijzigen…</translation>
    </message>
    <message>
        <source>Linked to the office service.</source>
        <translation>Gekoppeld met de dienst op kantoor.</translation>
    </message>
    <message>
        <source>Asking the office service…</source>
        <translation>De dienst op kantoor wordt gevraagd…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Versturen…</translation>
    </message>
    <message>
        <source>Getting the outcomes…</source>
        <translation>Uitkomsten ophalen…</translation>
    </message>
    <message>
        <source>The office service cannot be reached; check the network and the address (Change link).</source>
        <translation>De dienst op kantoor is niet bereikbaar; controleer de netwerkverbinding en het adres (Koppeling wijzigen).</translation>
    </message>
    <message>
        <source>Registrations (burgerzaken)</source>
        <translation>Inschrijvingen (burgerzaken)</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>Controle</translation>
    </message>
    <message>
        <source>Resident</source>
        <translation>Bewoner</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Uitkomst</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Ontvangen</translation>
    </message>
    <message>
        <source>Get outcomes and &amp;notices</source>
        <translation>Uitkomsten en &amp;berichten ophalen</translation>
    </message>
    <message>
        <source>Burgerzaken</source>
        <translation>Burgerzaken</translation>
    </message>
    <message>
        <source>resident {0}</source>
        <translation>bewoner {0}</translation>
    </message>
    <message>
        <source>Outcomes of the registrations made during inspections, as burgerzaken sent them: {0}.</source>
        <translation>Uitkomsten van de inschrijvingen bij controles, zoals burgerzaken ze stuurde: {0}.</translation>
    </message>
    <message>
        <source>{0} notices refused (not accepted, kept for investigation):</source>
        <translation>{0} berichten geweigerd (niet aanvaard, bewaard voor onderzoek):</translation>
    </message>
    <message>
        <source>{0} outcomes of registrations from burgerzaken.</source>
        <translation>{0} uitkomsten van inschrijvingen van burgerzaken.</translation>
    </message>
    <message>
        <source>{0} notices refused: they do not verify (see the Burgerzaken tab).</source>
        <translation>{0} berichten geweigerd: ze zijn niet te controleren (zie het tabblad Burgerzaken).</translation>
    </message>
    <message>
        <source>Address selection and planning</source>
        <translation>Adresselectie en planning</translation>
    </message>
    <message>
        <source>1 notice refused (not accepted, kept for investigation):</source>
        <translation>1 bericht geweigerd (niet aanvaard, bewaard voor onderzoek):</translation>
    </message>
</context>
<context>
    <name>ProvisionDialog</name>
    <message>
        <source>Link to the office</source>
        <translation>Koppelen met kantoor</translation>
    </message>
    <message>
        <source>The administrator gives you the server address and a one-time code (valid 24 hours). The app then shows the office&apos;s key as ten groups of digits: compare them with the office, by phone, before you link.</source>
        <translation>De beheerder geeft u het adres van de server en een eenmalige code (24 uur geldig). De app toont dan de sleutel van kantoor als tien groepjes cijfers: vergelijk die telefonisch met kantoor voordat u koppelt.</translation>
    </message>
    <message>
        <source>e.g. ABCD-EFGH-JKLM-NPQR-STUV-WXYZ</source>
        <translation>bijv. ABCD-EFGH-JKLM-NPQR-STUV-WXYZ</translation>
    </message>
    <message>
        <source>&amp;Show the office key</source>
        <translation>&amp;Sleutel van kantoor tonen</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Adres van de server</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>Eenmalige code</translation>
    </message>
    <message>
        <source>&lt;b&gt;Read these ten groups out to the office&lt;/b&gt; (or compare them with what the office gave you). Link only when every group is the same: otherwise this server is not the office&apos;s, and you should call the office.</source>
        <translation>&lt;b&gt;Lees deze tien groepjes voor aan kantoor&lt;/b&gt; (of vergelijk ze met wat kantoor u gaf). Koppel alleen als elk groepje gelijk is: anders is deze server niet die van kantoor en belt u kantoor.</translation>
    </message>
    <message>
        <source>All ten groups are the same as the office&apos;s</source>
        <translation>Alle tien groepjes zijn gelijk aan die van kantoor</translation>
    </message>
    <message>
        <source>&amp;Link this laptop</source>
        <translation>Deze laptop &amp;koppelen</translation>
    </message>
    <message>
        <source>the server address starts with https:// (for example {0})</source>
        <translation>het adres van de server begint met https:// (bijvoorbeeld {0})</translation>
    </message>
    <message>
        <source>the one-time code has 24 letters and digits, like {0}</source>
        <translation>de eenmalige code heeft 24 letters en cijfers, zoals {0}</translation>
    </message>
    <message>
        <source>Not yet: {0}.</source>
        <translation>Nog niet: {0}.</translation>
    </message>
    <message>
        <source>This one-time code has expired: ask the administrator for a new one.</source>
        <translation>Deze eenmalige code is verlopen: vraag de beheerder om een nieuwe.</translation>
    </message>
    <message>
        <source>The server does not know this one-time code (or it was used already): check it or ask for a new one.</source>
        <translation>De server kent deze eenmalige code niet (of hij is al gebruikt): controleer hem of vraag om een nieuwe.</translation>
    </message>
    <message>
        <source>This laptop is linked to another office&apos;s key; it cannot be linked to this server. Call the office.</source>
        <translation>Deze laptop is gekoppeld aan de sleutel van een ander kantoor en kan niet met deze server worden gekoppeld. Bel kantoor.</translation>
    </message>
</context>
<context>
    <name>RankedListView</name>
    <message>
        <source>from, e.g. 7100</source>
        <translation>van, bijv. 7100</translation>
    </message>
    <message>
        <source>to, e.g. 7199</source>
        <translation>tot, bijv. 7199</translation>
    </message>
    <message>
        <source>All indicators</source>
        <translation>Alle indicatoren</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>&amp;Filteren</translation>
    </message>
    <message>
        <source>&amp;Clear filter</source>
        <translation>Filter &amp;wissen</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Wijk</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <source>All districts</source>
        <translation>Alle wijken</translation>
    </message>
    <message>
        <source>{0} of {1} ({2} with a reason)</source>
        <translation>{0} van {1} ({2} met een reden)</translation>
    </message>
    <message>
        <source>Place {0}, score {1}</source>
        <translation>Plaats {0}, score {1}</translation>
    </message>
    <message>
        <source>No indicator applies.</source>
        <translation>Geen enkele indicator is van toepassing.</translation>
    </message>
    <message>
        <source>&amp;Background map (PDOK, online)</source>
        <translation>&amp;Achtergrondkaart (PDOK, online)</translation>
    </message>
    <message>
        <source>PDOK BRT-Achtergrondkaart behind the points; needs the internet</source>
        <translation>PDOK BRT-Achtergrondkaart achter de punten; heeft internet nodig</translation>
    </message>
    <message>
        <source>No tile source in the settings (address_selection.map_tiles_url)</source>
        <translation>Geen tegelbron in de instellingen (address_selection.map_tiles_url)</translation>
    </message>
</context>
<context>
    <name>RankedTableModel</name>
    <message>
        <source>#</source>
        <extracomment>Longer reasons are cut in the table (the tooltip and the detail pane have them whole): laying out a long line only to elide it costs more per frame than the line is wide. Rows whose strings are kept (a few screens&apos; worth); past it the cache starts again.</extracomment>
        <translation>#</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Wijk</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Waarom</translation>
    </message>
</context>
<context>
    <name>RegistrationDialog</name>
    <message>
        <source>Registration in the BRP</source>
        <translation>Inschrijving in de BRP</translation>
    </message>
</context>
<context>
    <name>RegistrationListModel</name>
    <message>
        <source>Registered</source>
        <translation>Aangifte ondertekend</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Bezig</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Wil zich nu niet inschrijven</translation>
    </message>
    <message>
        <source>Referred to the RNI counter</source>
        <translation>Verwezen naar het RNI-loket</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Niet gestart</translation>
    </message>
    <message>
        <source>Resident (BRP)</source>
        <translation>Ingezetene (BRP)</translation>
    </message>
    <message>
        <source>Non-resident (RNI)</source>
        <translation>Niet-ingezetene (RNI)</translation>
    </message>
    <message>
        <source>Resident</source>
        <extracomment>Longer answers of the office are cut in the cell; the tooltip holds all of it.</extracomment>
        <translation>Bewoner</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Kamer</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>Inschrijving</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versie</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Ondertekend</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Kantoor</translation>
    </message>
    <message>
        <source>Refused by burgerzaken</source>
        <translation>Geweigerd door burgerzaken</translation>
    </message>
</context>
<context>
    <name>RegistrationListWidget</name>
    <message>
        <source>Registered: {0} · pending: {1} · declined: {2} · not started: {3}</source>
        <translation>Aangifte ondertekend: {0} · bezig: {1} · wil zich nu niet inschrijven: {2} · niet gestart: {3}</translation>
    </message>
    <message>
        <source>referred to the RNI counter: {0}</source>
        <translation>verwezen naar het RNI-loket: {0}</translation>
    </message>
    <message>
        <source>refused by burgerzaken: {0}</source>
        <translation>geweigerd door burgerzaken: {0}</translation>
    </message>
</context>
<context>
    <name>RegistrationWizard</name>
    <message>
        <source>Surname</source>
        <translation>Achternaam</translation>
    </message>
    <message>
        <source>Given names</source>
        <translation>Voornamen</translation>
    </message>
    <message>
        <source>Document number</source>
        <translation>Documentnummer</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Geboortedatum</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Geldig tot</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Geslacht</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation>Nationaliteit</translation>
    </message>
    <message>
        <source>Issuing country</source>
        <translation>Land van afgifte</translation>
    </message>
    <message>
        <source>document number</source>
        <extracomment>The MRZ&apos;s check digits as the status line names them.</extracomment>
        <translation>documentnummer</translation>
    </message>
    <message>
        <source>date of birth</source>
        <translation>geboortedatum</translation>
    </message>
    <message>
        <source>expiry date</source>
        <translation>vervaldatum</translation>
    </message>
    <message>
        <source>optional data</source>
        <translation>optionele gegevens</translation>
    </message>
    <message>
        <source>all together (composite)</source>
        <translation>alles samen (composiet)</translation>
    </message>
    <message>
        <source>Register in the BRP</source>
        <translation>Inschrijven in de BRP</translation>
    </message>
    <message>
        <source>This inspection is finalized, so its registrations cannot be changed. Reopen the inspection to change them.</source>
        <translation>Deze controle is afgerond, dus de inschrijvingen kunnen niet meer worden gewijzigd. Heropen de controle om ze te wijzigen.</translation>
    </message>
    <message>
        <source>1 Explanation and consent</source>
        <translation>1 Uitleg en toestemming</translation>
    </message>
    <message>
        <source>2 Registration details</source>
        <translation>2 Gegevens voor de inschrijving</translation>
    </message>
    <message>
        <source>3 Identity document</source>
        <translation>3 Identiteitsbewijs</translation>
    </message>
    <message>
        <source>4 Signature</source>
        <translation>4 Handtekening</translation>
    </message>
    <message>
        <source>5 Signed form</source>
        <translation>5 Ondertekend formulier</translation>
    </message>
</context>
<context>
    <name>ReopenDialog</name>
    <message>
        <source>Reopen inspection</source>
        <translation>Controle heropenen</translation>
    </message>
    <message>
        <source>Why must this finalized inspection change?</source>
        <translation>Waarom moet deze afgeronde controle worden gewijzigd?</translation>
    </message>
    <message>
        <source>Reopening is recorded in the audit log with your name.</source>
        <translation>Het heropenen wordt met uw naam vastgelegd in het auditlog.</translation>
    </message>
    <message>
        <source>Give a reason (at least 5 characters).</source>
        <translation>Geef een reden (minstens 5 tekens).</translation>
    </message>
</context>
<context>
    <name>RepeatBlock</name>
    <message>
        <source>Add {0}</source>
        <translation>{0} toevoegen</translation>
    </message>
    <message>
        <source>None yet.</source>
        <translation>Nog geen.</translation>
    </message>
</context>
<context>
    <name>ResidentsPart</name>
    <message>
        <source>&amp;Add resident</source>
        <translation>&amp;Bewoner toevoegen</translation>
    </message>
    <message>
        <source>Import employer&apos;s list…</source>
        <translation>Lijst van werkgever importeren…</translation>
    </message>
    <message>
        <source>Register in the BRP now</source>
        <translation>Nu inschrijven in de BRP</translation>
    </message>
    <message>
        <source>Letter…</source>
        <translation>Brief…</translation>
    </message>
    <message>
        <source>A letter for this resident, in their language</source>
        <translation>Een brief voor deze bewoner, in de eigen taal</translation>
    </message>
    <message>
        <source>Questions in:</source>
        <translation>Vragen in:</translation>
    </message>
    <message>
        <source>Add the people you find at this address.</source>
        <translation>Voeg de personen toe die u op dit adres aantreft.</translation>
    </message>
</context>
<context>
    <name>ScanSlot</name>
    <message>
        <source>No scan yet</source>
        <translation>Nog geen scan</translation>
    </message>
    <message>
        <source>Show the scan full size</source>
        <translation>Scan op ware grootte tonen</translation>
    </message>
    <message>
        <source>From file…</source>
        <translation>Uit bestand…</translation>
    </message>
    <message>
        <source>Camera…</source>
        <translation>Camera…</translation>
    </message>
</context>
<context>
    <name>ScoreMap</name>
    <message>
        <source>Addresses by score: green low, red high</source>
        <extracomment>The Dutch tile matrix set of PDOK (EPSG:28992): top-left corner and metres per pixel at level 0; every level halves it. Tiles are 256 × 256. The attribution the PDOK background map asks for. A tile that has not come within this many milliseconds has failed.</extracomment>
        <translation>Adressen naar score: groen laag, rood hoog</translation>
    </message>
    <message>
        <source>No addresses with coordinates and a score</source>
        <translation>Geen adressen met coördinaten en een score</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Norms</source>
        <translation>Normen</translation>
    </message>
    <message>
        <source>The norms and terms the app checks with</source>
        <translation>De normen en termijnen waarmee de app toetst</translation>
    </message>
    <message>
        <source>Address selection</source>
        <translation>Adresselectie</translation>
    </message>
    <message>
        <source>Weights of the indicators, start of the route, retention</source>
        <translation>Gewichten van de indicatoren, vertrekpunt van de route, bewaren</translation>
    </message>
    <message>
        <source>The app checks with these norms. Legal norms follow the municipality&apos;s omgevingsplan; the SNF norms the standard of Stichting Normering Flexwonen. The minimum wage changes every half year (rijksoverheid.nl): while it is empty, the app does not check the deduction for housing.</source>
        <translation>De app toetst met deze normen. Wettelijke normen volgen het omgevingsplan van de gemeente; de SNF-normen de norm van Stichting Normering Flexwonen. Het minimumloon verandert elk half jaar (rijksoverheid.nl): zolang het leeg is, toetst de app de inhouding voor huisvesting niet.</translation>
    </message>
    <message>
        <source>Weights of the indicators (0 = does not count)</source>
        <translation>Gewichten van de indicatoren (0 = telt niet mee)</translation>
    </message>
    <message>
        <source>Nationality is never an indicator; a changed weight belongs in the algorithm register too. A day&apos;s route starts at the office: the place comes from the BAG data (postcode and house number) or from RD coordinates. Empty: the route starts at the highest ranked address.</source>
        <translation>Nationaliteit is nooit een indicator; een gewijzigd gewicht hoort ook in het algoritmeregister. De route van een dag begint bij het kantoor: de plaats komt uit de BAG-gegevens (postcode en huisnummer) of uit RD-coördinaten. Leeg: de route begint bij het hoogst gerangschikte adres.</translation>
    </message>
    <message>
        <source>Start of the route</source>
        <translation>Vertrekpunt van de route</translation>
    </message>
    <message>
        <source>RD coordinates x, y (m)</source>
        <translation>RD-coördinaten x, y (m)</translation>
    </message>
    <message>
        <source>Keeping registered persons</source>
        <translation>Bewaren van ingeschreven personen</translation>
    </message>
    <message>
        <source>{0} to {1} days</source>
        <translation>{0} tot en met {1} dagen</translation>
    </message>
    <message>
        <source>days</source>
        <translation>dagen</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Signature area</source>
        <extracomment>One point: x, y (widget pixels) and milliseconds since the stroke began.</extracomment>
        <translation>Vak voor de handtekening</translation>
    </message>
</context>
<context>
    <name>SignaturePage</name>
    <message>
        <source>C&amp;lear</source>
        <extracomment>Signing ended (signed: the done page follows; or not: the reason shows).</extracomment>
        <translation>&amp;Wissen</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>Ongedaan &amp;maken</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>Opnieuw &amp;uitvoeren</translation>
    </message>
    <message>
        <source>◀ &amp;Back</source>
        <translation>◀ &amp;Terug</translation>
    </message>
    <message>
        <source>&amp;Sign and make the PDF</source>
        <translation>&amp;Ondertekenen en PDF maken</translation>
    </message>
    <message>
        <source>Officer: &lt;b&gt;{0}&lt;/b&gt; · Place: &lt;b&gt;{1}&lt;/b&gt; · {2}</source>
        <translation>Toezichthouder: &lt;b&gt;{0}&lt;/b&gt; · Plaats: &lt;b&gt;{1}&lt;/b&gt; · {2}</translation>
    </message>
    <message>
        <source>Signing and making the PDF…</source>
        <translation>Ondertekenen en de PDF maken…</translation>
    </message>
    <message>
        <source>Cannot sign yet:</source>
        <translation>Ondertekenen kan nog niet:</translation>
    </message>
</context>
<context>
    <name>SignaturePlaceholder</name>
    <message>
        <source>Signature is taken in the registration screen</source>
        <translation>De handtekening wordt gezet in het inschrijfscherm</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>&lt;h2&gt;Sync with the office&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Synchroniseren met kantoor&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>← Inspections</source>
        <translation>← Controles</translation>
    </message>
    <message>
        <source>&amp;Link to the office…</source>
        <translation>&amp;Koppelen met kantoor…</translation>
    </message>
    <message>
        <source>Sync &amp;now</source>
        <translation>&amp;Nu synchroniseren</translation>
    </message>
    <message>
        <source>No records yet: a finalized inspection or a signed registration appears here.</source>
        <translation>Nog geen records: een afgeronde controle of een getekende inschrijving verschijnt hier.</translation>
    </message>
    <message>
        <source>Records are sealed for the office&apos;s keys before they leave this laptop: only burgerzaken and handhaving can open them. If the office loses its private key, the records sealed to it are lost for good — nobody, this laptop included, can open them again. The office keeps a backup of its keys for that reason.</source>
        <translation>Records worden voor de sleutels van kantoor verzegeld voordat ze deze laptop verlaten: alleen burgerzaken en handhaving kunnen ze openen. Raakt kantoor zijn privésleutel kwijt, dan zijn de records die ervoor zijn verzegeld voorgoed verloren — niemand, ook deze laptop niet, kan ze nog openen. Daarom bewaart kantoor een reservekopie van zijn sleutels.</translation>
    </message>
    <message>
        <source>Server: {0} · this laptop: {1} · last sync: {2}</source>
        <translation>Server: {0} · deze laptop: {1} · laatst gesynchroniseerd: {2}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nooit</translation>
    </message>
    <message>
        <source>&amp;Link again…</source>
        <translation>Opnieuw &amp;koppelen…</translation>
    </message>
    <message>
        <source>This laptop is not linked to the office yet. Ask the administrator for the server address and a one-time code, then choose “Link to the office…”. Until then finalized records wait here, safely sealed later.</source>
        <translation>Deze laptop is nog niet gekoppeld aan kantoor. Vraag de beheerder om het adres van de server en een eenmalige code en kies dan “Koppelen met kantoor…”. Tot die tijd wachten afgeronde records hier; ze worden bij het koppelen verzegeld.</translation>
    </message>
    <message>
        <source>{0} records have waited longer than {1} days to reach the office. Connect the laptop to the network and choose “Sync now”, or tell the office.</source>
        <translation>{0} records wachten al langer dan {1} dagen om kantoor te bereiken. Verbind de laptop met het netwerk en kies “Nu synchroniseren”, of meld het aan kantoor.</translation>
    </message>
    <message>
        <source>Waiting: {0} · delivered: {1} · answers from the office: {2} · planned visits received: {3}</source>
        <translation>Wachtend: {0} · afgeleverd: {1} · antwoorden van kantoor: {2} · geplande bezoeken ontvangen: {3}</translation>
    </message>
    <message>
        <source>Connecting to the office…</source>
        <translation>Verbinden met kantoor…</translation>
    </message>
    <message>
        <source>Sending record {0} of {1}: {2} of {3}</source>
        <translation>Record {0} van {1} versturen: {2} van {3}</translation>
    </message>
</context>
<context>
    <name>SyncStatusButton</name>
    <message>
        <source>Open the Sync page</source>
        <translation>De pagina Synchroniseren openen</translation>
    </message>
    <message>
        <source>Sync: sending… {0} %</source>
        <translation>Sync: versturen… {0} %</translation>
    </message>
    <message>
        <source>⚠ {0} waiting longer than {1} days</source>
        <translation>⚠ {0} wachten langer dan {1} dagen</translation>
    </message>
    <message>
        <source>Sync: not linked to the office</source>
        <translation>Sync: niet gekoppeld aan kantoor</translation>
    </message>
    <message>
        <source>Sync: {0} waiting · last {1}</source>
        <translation>Sync: {0} wachtend · laatst {1}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nooit</translation>
    </message>
    <message>
        <source>Sync: all delivered · {0}</source>
        <translation>Sync: alles afgeleverd · {0}</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Inspector: unlock</source>
        <translation>Inspector: ontgrendelen</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Unlock Inspector&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Inspector ontgrendelen&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Not needed: one account on this laptop</source>
        <translation>Niet nodig: er is één account op deze laptop</translation>
    </message>
</context>
<context>
    <name>UnlockForm</name>
    <message>
        <source>&lt;h2&gt;Inspector is locked&lt;/h2&gt;</source>
        <extracomment>Set for the idle lock: checks the signed-in officer&apos;s password again.</extracomment>
        <translation>&lt;h2&gt;Inspector is vergrendeld&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Gebruikersnaam</translation>
    </message>
    <message>
        <source>Password or PIN</source>
        <translation>Wachtwoord of pincode</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Ontgrendelen</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Bezig met ontgrendelen…</translation>
    </message>
    <message>
        <source>Wrong username or password.</source>
        <translation>Onjuiste gebruikersnaam of onjuist wachtwoord.</translation>
    </message>
    <message>
        <source>Fill in your username.</source>
        <translation>Vul uw gebruikersnaam in.</translation>
    </message>
    <message>
        <source>The municipality&apos;s settings file (settings.yaml) holds an invalid value ({0}); nothing was opened or changed. Ask the administrator to correct it, then unlock again.</source>
        <translation>Het instellingenbestand van de gemeente (settings.yaml) bevat een ongeldige waarde ({0}); er is niets geopend of gewijzigd. Laat de beheerder het herstellen en ontgrendel dan opnieuw.</translation>
    </message>
    <message>
        <source>The municipality&apos;s settings file (settings.yaml) cannot be read; nothing was opened or changed. Ask the administrator to correct it, then unlock again.</source>
        <translation>Het instellingenbestand van de gemeente (settings.yaml) is niet te lezen; er is niets geopend of gewijzigd. Laat de beheerder het herstellen en ontgrendel dan opnieuw.</translation>
    </message>
    <message>
        <source>Too many wrong attempts. Try again in {0} s.</source>
        <translation>Te veel onjuiste pogingen. Probeer het over {0} s opnieuw.</translation>
    </message>
</context>
<context>
    <name>WizardPage</name>
    <message>
        <source>&amp;Referral to the RNI counter…</source>
        <extracomment>The resident&apos;s language (the explanation, the form, the declaration). The registration, once the resident chose (a draft, signed, or declined). The signed form as made at signing (read from the store when the wizard reopens).</extracomment>
        <translation>Verwijzing naar het &amp;RNI-loket…</translation>
    </message>
    <message>
        <source>No registration as a resident here: open the letter that refers the resident to the nearest RNI counter, in their language.</source>
        <translation>Hier geen inschrijving als ingezetene: open de brief die de bewoner naar het dichtstbijzijnde RNI-loket verwijst, in de eigen taal.</translation>
    </message>
    <message>
        <source>Referral to the RNI counter</source>
        <translation>Verwijzing naar het RNI-loket</translation>
    </message>
    <message numerus="yes">
        <source>%n field(s) still to complete or correct, first: {0}</source>
        <translation>
            <numerusform>Nog %n veld in te vullen of te verbeteren, als eerste: {0}</numerusform>
            <numerusform>Nog %n velden in te vullen of te verbeteren, als eerste: {0}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_Header</name>
    <message>
        <source>officer only</source>
        <extracomment>(repeat id or &apos;&apos;, instance id or &apos;&apos;, field id): stable while instances move.</extracomment>
        <translation>alleen toezichthouder</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Inspector is already open for this data folder. Use the window that is open (see the taskbar).</source>
        <translation>Inspector is al geopend voor deze gegevensmap. Gebruik het venster dat open is (zie de taakbalk).</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>Could not read or save</source>
        <translation>Lezen of opslaan lukte niet</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>Onverwachte fout</translation>
    </message>
    <message>
        <source>Something went wrong. Your answers up to now are saved.
A crash report without personal data was written to:
{0}</source>
        <translation>Er is iets misgegaan. Uw antwoorden tot nu toe zijn opgeslagen.
Een foutrapport zonder persoonsgegevens is opgeslagen in:
{0}</translation>
    </message>
</context>
<context>
    <name>operations</name>
    <message>
        <source>Not done</source>
        <extracomment>Longer than this (ms) and an operation is no longer a blink: it shows that it is busy. The one writer to the store: jobs run one at a time, in order. Reading and rendering: beside the writer, never writing to the store. Operations started and not yet delivered, by their number: kept alive here, not by a parent widget (a widget closed meanwhile must not take the operation with it). What the lanes&apos; threads finished, by operation number, until the GUI thread takes it.</extracomment>
        <translation>Niet gelukt</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>1 byte</source>
        <translation>1 byte</translation>
    </message>
    <message>
        <source>{0} bytes</source>
        <translation>{0} bytes</translation>
    </message>
    <message>
        <source>The office&apos;s answers could not be fetched; the app tries again next time.</source>
        <translation>De antwoorden van kantoor konden niet worden opgehaald; de app probeert het de volgende keer opnieuw.</translation>
    </message>
    <message>
        <source>This laptop is not linked to the office yet: choose “Link to the office…”.</source>
        <translation>Deze laptop is nog niet gekoppeld aan kantoor: kies “Koppelen met kantoor…”.</translation>
    </message>
    <message>
        <source>The office has revoked this laptop: nothing more is sent. Ask the administrator to hand in its records with an export; nothing is lost.</source>
        <translation>Kantoor heeft deze laptop ingetrokken: er wordt niets meer verstuurd. Vraag de beheerder de records met een export in te leveren; er gaat niets verloren.</translation>
    </message>
    <message>
        <source>The office server does not accept this laptop&apos;s credential; link the laptop again or call the office.</source>
        <translation>De server van kantoor accepteert de toegangssleutel van deze laptop niet; koppel de laptop opnieuw of bel kantoor.</translation>
    </message>
    <message>
        <source>The office server cannot be reached; the app tries again by itself.</source>
        <translation>De server van kantoor is niet bereikbaar; de app probeert het vanzelf opnieuw.</translation>
    </message>
    <message>
        <source>The office server&apos;s storage is full; the record stays on this laptop and is sent again later.</source>
        <translation>De opslag van de server van kantoor is vol; het record blijft op deze laptop en wordt later opnieuw verstuurd.</translation>
    </message>
    <message>
        <source>The office server has a problem of its own; the app tries again later.</source>
        <translation>De server van kantoor heeft zelf een probleem; de app probeert het later opnieuw.</translation>
    </message>
    <message>
        <source>The office server asks to wait a moment; the app tries again by itself.</source>
        <translation>De server van kantoor vraagt even te wachten; de app probeert het vanzelf opnieuw.</translation>
    </message>
    <message>
        <source>The record is larger than the office server accepts; call the office (the record stays on this laptop).</source>
        <translation>Het record is groter dan de server van kantoor aanneemt; bel kantoor (het record blijft op deze laptop).</translation>
    </message>
    <message>
        <source>The office already holds a different record with this number; call the office (the record stays on this laptop).</source>
        <translation>Kantoor heeft al een ander record met dit nummer; bel kantoor (het record blijft op deze laptop).</translation>
    </message>
    <message>
        <source>The server gave no valid receipt; the record stays on this laptop and is sent again.</source>
        <translation>De server gaf geen geldige bevestiging van ontvangst; het record blijft op deze laptop en wordt opnieuw verstuurd.</translation>
    </message>
    <message>
        <source>Sending stopped on this laptop; the app tries again later.</source>
        <translation>Het versturen is op deze laptop gestopt; de app probeert het later opnieuw.</translation>
    </message>
    <message>
        <source>The office key offered by this server is not the office&apos;s: do not continue and call the office.</source>
        <translation>De sleutel die deze server aanbiedt is niet die van kantoor: ga niet verder en bel kantoor.</translation>
    </message>
    <message>
        <source>Sending failed ({0}); the app tries again later.</source>
        <translation>Versturen mislukt ({0}); de app probeert het later opnieuw.</translation>
    </message>
    <message>
        <source>processed</source>
        <translation>verwerkt</translation>
    </message>
    <message>
        <source>question from burgerzaken: {0}</source>
        <translation>vraag van burgerzaken: {0}</translation>
    </message>
    <message>
        <source>question from the office: {0}</source>
        <translation>vraag van kantoor: {0}</translation>
    </message>
    <message>
        <source>refused: {0}</source>
        <translation>geweigerd: {0}</translation>
    </message>
    <message>
        <source>Not sealed yet</source>
        <translation>Nog niet verzegeld</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wachtend</translation>
    </message>
    <message>
        <source>Delivered (receipt)</source>
        <translation>Afgeleverd (bevestigd)</translation>
    </message>
    <message>
        <source>Delivered, copy removed</source>
        <translation>Afgeleverd, kopie opgeruimd</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>Controle</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>Inschrijving</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wordt verstuurd…</translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation>{0} van {1}</translation>
    </message>
    <message>
        <source>Record</source>
        <extracomment>Bytes sent so far of the record going out now (record id -&gt; bytes).</extracomment>
        <translation>Record</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Verzonden</translation>
    </message>
    <message>
        <source>Answer of the office</source>
        <translation>Antwoord van kantoor</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Probleem</translation>
    </message>
</context>
</TS>
