"""Seed the starter requirements catalogue.

72 requirements in our own words, each with its aspect, the level from which it applies, whether
it is technical or organisational, and the ISO/IEC 27002:2022 control ids it implements (ids
only: the control titles are ISO's text). This migration is the catalogue's only source: later
changes are made by the city-wide security function in the admin, or by a new data migration.
"""

from django.db import migrations

REQUIREMENTS = [{'code': 'K-01',
  'title': 'Gå igenom behörigheterna regelbundet',
  'guidance': 'Informationsägaren går minst en gång per år igenom vilka användare och roller som '
              'har åtkomst till systemet och tar bort behörigheter som inte längre behövs. '
              'Dokumentera genomgången med datum, deltagare, underlag och beslutade ändringar.',
  'aspect': 'K',
  'min_level': 1,
  'kind': 'organisational',
  'iso_controls': '5.18, 5.15'},
 {'code': 'K-02',
  'title': 'Klassa informationen och håll klassningen aktuell',
  'guidance': 'Informationsägaren ser till att informationsmängderna i systemet är klassade och '
              'att klassningen ses över vid större förändringar, och i övrigt minst vartannat år. '
              'Visa det med en beslutad och daterad klassning i LIS.',
  'aspect': 'K',
  'min_level': 1,
  'kind': 'organisational',
  'iso_controls': '5.12, 5.9'},
 {'code': 'K-03',
  'title': 'Teckna personuppgiftsbiträdesavtal och ställ säkerhetskrav på leverantörer',
  'guidance': 'När en leverantör behandlar personuppgifter för nämndens eller bolagets räkning ska '
              'ett personuppgiftsbiträdesavtal vara undertecknat innan behandlingen börjar. '
              'Avtalet ska beskriva säkerhetsåtgärder, underbiträden och var uppgifterna '
              'behandlas; spara avtalet och hänvisa till det i registret över behandlingar.',
  'aspect': 'K',
  'min_level': 1,
  'kind': 'organisational',
  'iso_controls': '5.19, 5.20, 5.34'},
 {'code': 'K-04',
  'title': 'Stäng behörigheter när någon slutar eller byter uppdrag',
  'guidance': 'Chefen anmäler utan dröjsmål när en medarbetare eller konsult slutar eller byter '
              'uppdrag, så att konton och behörigheter stängs eller justeras och utlämnad '
              'utrustning kommer tillbaka. Visa med ärendehistorik eller en ifylld checklista att '
              'avslutet är genomfört.',
  'aspect': 'K',
  'min_level': 1,
  'kind': 'organisational',
  'iso_controls': '6.5, 5.11, 5.18'},
 {'code': 'K-05',
  'title': 'Utbilda användarna i säker informationshantering',
  'guidance': 'Alla som använder systemet ska ha gått stadens grundutbildning i '
              'informationssäkerhet och fått en introduktion i hur informationen i just detta '
              'system ska hanteras. Följ upp genomförandet per medarbetare, till exempel med '
              'statistik från utbildningsplattformen.',
  'aspect': 'K',
  'min_level': 1,
  'kind': 'organisational',
  'iso_controls': '6.3'},
 {'code': 'K-06',
  'title': 'Tilldela behörigheter utifrån roll och behov',
  'guidance': 'Åtkomst ges genom fördefinierade roller som motsvarar arbetsuppgifterna, så att '
              'användare bara når den information de behöver i tjänsten. Dokumentera rollerna och '
              'vad varje roll får göra, och kunna ta fram en aktuell lista över vem som har vilken '
              'roll.',
  'aspect': 'K',
  'min_level': 1,
  'kind': 'technical',
  'iso_controls': '5.15, 8.3, 5.18'},
 {'code': 'K-07',
  'title': 'Skydda datorer och mobila enheter',
  'guidance': 'Datorer, surfplattor och mobiltelefoner som används för att nå systemet ska vara '
              'centralt hanterade, ha automatiskt skärmlås och kunna fjärrraderas om de '
              'försvinner. Visa efterlevnaden med en rapport från enhetshanteringen.',
  'aspect': 'K',
  'min_level': 1,
  'kind': 'technical',
  'iso_controls': '8.1, 7.7'},
 {'code': 'K-08',
  'title': 'Radera information så att den inte kan återskapas',
  'guidance': 'Information som ska gallras eller inte längre behövs raderas så att den inte kan '
              'återskapas, även ur testmiljöer och, inom rimlig tid, ur säkerhetskopior. '
              'Lagringsmedier och utrustning som kasseras eller återanvänds raderas eller förstörs '
              'med en metod som kan intygas; spara intyget eller raderingsloggen.',
  'aspect': 'K',
  'min_level': 1,
  'kind': 'technical',
  'iso_controls': '8.10, 7.10, 7.14'},
 {'code': 'K-09',
  'title': 'Kräv flerfaktorsautentisering vid inloggning',
  'guidance': 'Inloggning i systemet ska kräva flerfaktorsautentisering, till exempel via stadens '
              'identitetstjänst med app, säkerhetsnyckel eller e-legitimation, oavsett varifrån '
              'användaren ansluter. Visa det med konfigurationen i identitetstjänsten och en '
              'dokumenterad testinloggning.',
  'aspect': 'K',
  'min_level': 2,
  'kind': 'technical',
  'iso_controls': '8.5, 5.17'},
 {'code': 'K-10',
  'title': 'Kryptera all kommunikation',
  'guidance': 'All trafik till, från och mellan systemets delar ska krypteras med TLS 1.2 eller '
              'senare och giltiga certifikat, och okrypterade protokoll ska vara avstängda. Visa '
              'det med resultat från en skanning eller med konfigurationsunderlag.',
  'aspect': 'K',
  'min_level': 2,
  'kind': 'technical',
  'iso_controls': '8.24, 8.20, 5.14'},
 {'code': 'K-11',
  'title': 'Markera sekretessbelagd information',
  'guidance': 'Handlingar och uppgifter som omfattas av sekretess enligt offentlighets- och '
              'sekretesslagen (OSL) ska markeras så att användarna ser att de kräver särskild '
              'hantering, till exempel med sekretessmarkering och hänvisning till tillämplig '
              'bestämmelse. Visa med verksamhetens rutin för markering och sekretessprövning samt '
              'stickprov på markerade handlingar.',
  'aspect': 'K',
  'min_level': 2,
  'kind': 'organisational',
  'iso_controls': '5.13, 5.12, 5.31'},
 {'code': 'K-12',
  'title': 'Låt externa skriva under en sekretessförbindelse',
  'guidance': 'Konsulter, leverantörspersonal och andra externa som kan komma åt informationen ska '
              'ha skrivit under en sekretessförbindelse, eller omfattas av motsvarande '
              'avtalsvillkor, innan de får åtkomst. Förvara förbindelserna så att de kan visas vid '
              'granskning.',
  'aspect': 'K',
  'min_level': 2,
  'kind': 'organisational',
  'iso_controls': '6.6, 5.20'},
 {'code': 'K-13',
  'title': 'Fastställ regler för distansarbete',
  'guidance': 'Verksamheten beslutar om och hur informationen får hanteras utanför kontoret, till '
              'exempel att arbete sker via stadens säkra anslutning, att skärmen inte kan ses av '
              'obehöriga och att samtal om sekretessuppgifter inte förs på allmän plats. Informera '
              'användarna om reglerna och ta med dem i introduktionen av nya medarbetare.',
  'aspect': 'K',
  'min_level': 2,
  'kind': 'organisational',
  'iso_controls': '6.7, 7.9'},
 {'code': 'K-14',
  'title': 'Förvara papper och utskrifter säkert',
  'guidance': 'Handlingar med skyddsvärd information låses in när de inte används, utskrifter '
              'hämtas direkt från skrivaren och kasserade handlingar läggs i låst insamling för '
              'dokumentförstöring. Följ upp med återkommande egenkontroll på arbetsplatsen.',
  'aspect': 'K',
  'min_level': 2,
  'kind': 'organisational',
  'iso_controls': '7.7, 7.10, 5.10'},
 {'code': 'K-15',
  'title': 'Begränsa och separera administratörsbehörigheter',
  'guidance': 'Administratörer använder separata konton för administrativa uppgifter, och antalet '
              'personer med sådan behörighet hålls så litet som möjligt. Håll en förteckning över '
              'administratörskonton och gå igenom den minst två gånger per år.',
  'aspect': 'K',
  'min_level': 2,
  'kind': 'technical',
  'iso_controls': '8.2, 8.18, 5.15'},
 {'code': 'K-16',
  'title': 'Kryptera lagrad information',
  'guidance': 'Informationen ska vara krypterad där den lagras, inklusive databaser, filytor, '
              'säkerhetskopior och flyttbara lagringsmedier. Beskriv hur nycklarna hanteras och '
              'visa krypteringen med konfigurationsunderlag eller intyg från leverantören.',
  'aspect': 'K',
  'min_level': 3,
  'kind': 'technical',
  'iso_controls': '8.24, 7.10'},
 {'code': 'K-17',
  'title': 'Använd avidentifierad testdata',
  'guidance': 'Produktionsdata med skyddsvärd information får inte användas i test- eller '
              'utvecklingsmiljöer utan att först avidentifieras eller maskeras. Undantag kräver '
              'skriftligt godkännande av informationsägaren, och testmiljön ska då skyddas som '
              'produktionsmiljön.',
  'aspect': 'K',
  'min_level': 3,
  'kind': 'technical',
  'iso_controls': '8.11, 8.33, 8.31'},
 {'code': 'K-18',
  'title': 'Placera systemet i en egen nätverkszon',
  'guidance': 'Systemet placeras i en avgränsad nätverkszon där bara nödvändig trafik tillåts, och '
              'administrativa gränssnitt ska inte kunna nås från det allmänna kontorsnätet eller '
              'från internet. Dokumentera brandväggsreglerna och se över dem minst en gång per år.',
  'aspect': 'K',
  'min_level': 3,
  'kind': 'technical',
  'iso_controls': '8.22, 8.20'},
 {'code': 'K-19',
  'title': 'Förhindra att information läcker ut',
  'guidance': 'Tekniska skydd ska hindra eller varna när skyddsvärd information skickas med '
              'e-post, laddas upp i externa tjänster eller kopieras till flyttbara medier. Larmen '
              'följs upp och skyddets effekt redovisas med rapporter.',
  'aspect': 'K',
  'min_level': 3,
  'kind': 'technical',
  'iso_controls': '8.12, 5.14'},
 {'code': 'K-20',
  'title': 'Bedöm molntjänster och tredjelandsöverföring före användning',
  'guidance': 'Innan informationen lagras eller behandlas i en molntjänst gör verksamheten en '
              'dokumenterad bedömning av de rättsliga förutsättningarna, bland annat risken för '
              'röjande och för överföring till tredjeland. Bedömningen godkänns av '
              'informationsägaren och sparas som underlag i LIS.',
  'aspect': 'K',
  'min_level': 3,
  'kind': 'organisational',
  'iso_controls': '5.23, 5.34, 5.31'},
 {'code': 'K-21',
  'title': 'Driv systemet i en dedikerad och avskild miljö',
  'guidance': 'Systemet ska köras i en miljö som enbart används för detta ändamål och som är '
              'logiskt eller fysiskt avskild från andra system och kunder, utan delad '
              'infrastruktur som kan ge åtkomst mellan miljöerna. Beskriv avgränsningen i '
              'arkitekturdokumentationen och låt säkerhetsfunktionen granska den.',
  'aspect': 'K',
  'min_level': 4,
  'kind': 'technical',
  'iso_controls': '8.22, 8.27, 8.31'},
 {'code': 'K-22',
  'title': 'Behåll krypteringsnycklarna under egen kontroll',
  'guidance': 'Krypteringsnycklar skapas, förvaras och hanteras under stadens egen kontroll, till '
              'exempel i en egen nyckelhanteringstjänst eller hårdvarumodul (HSM), så att '
              'leverantören inte kan dekryptera informationen. Dokumentera nyckelhanteringen, '
              'inklusive byte och återkallelse av nycklar.',
  'aspect': 'K',
  'min_level': 4,
  'kind': 'technical',
  'iso_controls': '8.24'},
 {'code': 'K-23',
  'title': 'Tillåt ingen överföring till eller åtkomst från tredjeland',
  'guidance': 'Informationen får bara lagras och behandlas inom EU/EES, och avtalen ska utesluta '
              'åtkomst från tredjeland även för support och underleverantörer. Leverantören får '
              'inte heller omfattas av lagstiftning som kan tvinga fram utlämnande till '
              'myndigheter i tredjeland; säkerställ detta i upphandling och avtal och följ upp det '
              'årligen.',
  'aspect': 'K',
  'min_level': 4,
  'kind': 'organisational',
  'iso_controls': '5.23, 5.34, 5.20'},
 {'code': 'K-24',
  'title': 'Begränsa åtkomsten till namngivna och prövade personer',
  'guidance': 'Endast namngivna personer som har genomgått lämplighetsprövning får ha åtkomst, och '
              'varje tilldelning beslutas av informationsägaren. Håll en aktuell förteckning över '
              'behöriga personer och gå igenom den minst en gång per kvartal.',
  'aspect': 'K',
  'min_level': 4,
  'kind': 'organisational',
  'iso_controls': '6.1, 6.6, 5.18'},
 {'code': 'R-01',
  'title': 'Bestäm vilken källa som gäller och versionshantera',
  'guidance': 'Det ska vara bestämt vilket system eller register som är den auktoritativa källan '
              'för varje informationsmängd, och dokument ska versionshanteras så att det framgår '
              'vilken version som gäller. Beskriv källorna i informationsförteckningen.',
  'aspect': 'R',
  'min_level': 1,
  'kind': 'organisational',
  'iso_controls': '5.9, 5.33'},
 {'code': 'R-02',
  'title': 'Beskriv vem som får registrera och ändra information',
  'guidance': 'Verksamheten har en dokumenterad rutin för vilka roller som får registrera, ändra '
              'och fastställa informationen i systemet. Rutinen ska vara känd av användarna och '
              'finnas i verksamhetens ledningssystem.',
  'aspect': 'R',
  'min_level': 1,
  'kind': 'organisational',
  'iso_controls': '5.37, 5.2, 5.10'},
 {'code': 'R-03',
  'title': 'Skydda mot skadlig kod',
  'guidance': 'Servrar och klienter som hanterar informationen ska ha ett aktivt och uppdaterat '
              'skydd mot skadlig kod, och larm från skyddet ska tas om hand av it-driften. Visa '
              'med en rapport över skyddets status.',
  'aspect': 'R',
  'min_level': 1,
  'kind': 'technical',
  'iso_controls': '8.7'},
 {'code': 'R-04',
  'title': 'Installera säkerhetsuppdateringar i tid',
  'guidance': 'Säkerhetsuppdateringar för operativsystem, plattformar och applikationer '
              'installeras enligt en fastställd tidsplan, och kritiska sårbarheter åtgärdas '
              'skyndsamt. Redovisa uppdateringsstatus och eventuella undantag med motivering.',
  'aspect': 'R',
  'min_level': 1,
  'kind': 'technical',
  'iso_controls': '8.8, 8.19'},
 {'code': 'R-05',
  'title': 'Validera indata och stäm av överföringar',
  'guidance': 'Systemet kontrollerar att inmatad och inläst information har rätt format, rimliga '
              'värden och är fullständig, och avvisar eller flaggar felaktiga poster. Överföringar '
              'mellan system stäms av, till exempel med antal poster och summor, och avvikelser '
              'följs upp; visa med avstämningsrapporter.',
  'aspect': 'R',
  'min_level': 2,
  'kind': 'technical',
  'iso_controls': '8.26, 8.28'},
 {'code': 'R-06',
  'title': 'Genomför ändringar i en styrd process',
  'guidance': 'Ändringar i system, konfiguration och integrationer ska beskrivas, riskbedömas, '
              'godkännas och testas innan de förs in i produktion, och det ska finnas en plan för '
              'att backa. Visa med ändringsärenden i ärendehanteringssystemet.',
  'aspect': 'R',
  'min_level': 2,
  'kind': 'technical',
  'iso_controls': '8.32, 8.9'},
 {'code': 'R-07',
  'title': 'Håll utveckling, test och produktion åtskilda',
  'guidance': 'Utveckling och test sker i miljöer som är åtskilda från produktionsmiljön, och '
              'utvecklare har inte skrivbehörighet i produktion i det dagliga arbetet. Beskriv '
              'miljöerna och behörigheterna i systemdokumentationen.',
  'aspect': 'R',
  'min_level': 2,
  'kind': 'technical',
  'iso_controls': '8.31'},
 {'code': 'R-08',
  'title': 'Härda och dokumentera konfigurationen',
  'guidance': 'Servrar, databaser och nätverksutrustning konfigureras enligt en fastställd '
              'säkerhetsbaslinje där onödiga tjänster och standardlösenord är borttagna. '
              'Avvikelser från baslinjen ska upptäckas och åtgärdas; visa med en '
              'konfigurationsrapport.',
  'aspect': 'R',
  'min_level': 2,
  'kind': 'technical',
  'iso_controls': '8.9'},
 {'code': 'R-09',
  'title': 'Fördela ansvaret så att ingen ensam både utför och godkänner',
  'guidance': 'Uppgifterna delas upp så att samma person inte ensam både registrerar och '
              'attesterar, till exempel utbetalningar eller beslut om bistånd. Beskriv '
              'ansvarsfördelningen i rutinen och följ upp att den tillämpas.',
  'aspect': 'R',
  'min_level': 2,
  'kind': 'organisational',
  'iso_controls': '5.3, 5.2'},
 {'code': 'R-10',
  'title': 'Upptäck ändringar med kontrollsummor eller signaturer',
  'guidance': 'Filer, meddelanden och säkerhetskopior skyddas med kontrollsummor eller digitala '
              'signaturer så att obehöriga eller oavsiktliga ändringar upptäcks vid överföring och '
              'lagring. Beskriv hur kontrollen görs och vad som händer när den slår larm.',
  'aspect': 'R',
  'min_level': 3,
  'kind': 'technical',
  'iso_controls': '8.24, 5.14'},
 {'code': 'R-11',
  'title': 'Säkerhetstesta före driftsättning',
  'guidance': 'Nya system och större ändringar ska säkerhetstestas, till exempel med '
              'sårbarhetsskanning eller penetrationstest, innan de tas i drift. Allvarliga brister '
              'åtgärdas eller riskaccepteras av systemägaren; spara testrapporten och beslutet.',
  'aspect': 'R',
  'min_level': 3,
  'kind': 'technical',
  'iso_controls': '8.29, 8.25'},
 {'code': 'R-12',
  'title': 'Ställ krav på säker utveckling vid beställning',
  'guidance': 'Vid upphandling eller beställning av utveckling ska krav på en säker '
              'utvecklingsprocess, kodgranskning och hantering av tredjepartskomponenter ingå i '
              'avtalet. Följ upp kraven vid leveransgodkännandet.',
  'aspect': 'R',
  'min_level': 3,
  'kind': 'organisational',
  'iso_controls': '8.30, 5.21, 8.25'},
 {'code': 'R-13',
  'title': 'Följ upp informationens kvalitet med stickprov',
  'guidance': 'Informationsägaren låter regelbundet jämföra ett urval av poster med underlaget, '
              'till exempel beslut eller inkomna handlingar, för att upptäcka fel i '
              'registreringen. Dokumentera urval, resultat och åtgärder.',
  'aspect': 'R',
  'min_level': 3,
  'kind': 'organisational',
  'iso_controls': '5.36, 8.26'},
 {'code': 'R-14',
  'title': 'Kräv tvåpersonskontroll vid ändringar',
  'guidance': 'Ändringar av kritisk information och av systemets konfiguration ska granskas och '
              'godkännas av en andra behörig person innan de får effekt (fyra ögon). Systemet ska '
              'tekniskt hindra att samma person både gör och godkänner en ändring, och båda '
              'personerna ska framgå av loggen.',
  'aspect': 'R',
  'min_level': 4,
  'kind': 'technical',
  'iso_controls': '5.3, 8.32'},
 {'code': 'R-15',
  'title': 'Granska kod och installera bara signerade versioner',
  'guidance': 'Källkod och konfiguration förvaras i versionshantering med skyddad åtkomst, och '
              'varje ändring granskas av någon annan än den som gjort den. Endast signerade och '
              'spårbara versioner får installeras i produktion.',
  'aspect': 'R',
  'min_level': 4,
  'kind': 'technical',
  'iso_controls': '8.4, 8.28, 8.19'},
 {'code': 'R-16',
  'title': 'Låt riktighetsskyddet granskas oberoende',
  'guidance': 'Minst vartannat år bedömer en oberoende part, till exempel internrevisionen eller '
              'en extern granskare, hur väl kontrollerna för informationens riktighet fungerar. '
              'Brister förs in i en handlingsplan med ansvarig och datum.',
  'aspect': 'R',
  'min_level': 4,
  'kind': 'organisational',
  'iso_controls': '5.35, 5.36'},
 {'code': 'T-01',
  'title': 'Beskriv beroenden och acceptabel avbrottstid',
  'guidance': 'Verksamheten dokumenterar hur länge den klarar sig utan systemet, hur mycket '
              'dataförlust som kan accepteras och vilka system, leverantörer och nyckelpersoner '
              'tjänsten är beroende av. Uppgifterna är underlag för drift- och avtalskrav och ses '
              'över när verksamheten förändras.',
  'aspect': 'T',
  'min_level': 1,
  'kind': 'organisational',
  'iso_controls': '5.30, 5.9'},
 {'code': 'T-02',
  'title': 'Ha en rutin för att rapportera och hantera incidenter',
  'guidance': 'Alla användare ska veta hur de rapporterar en misstänkt säkerhetsincident, och '
              'verksamheten ska ha en rutin för bedömning, åtgärder, erfarenhetsåterföring och '
              'anmälan av personuppgiftsincidenter till Integritetsskyddsmyndigheten inom 72 '
              'timmar. Visa med rutinen och med registrerade incidenter i LIS.',
  'aspect': 'T',
  'min_level': 1,
  'kind': 'organisational',
  'iso_controls': '5.24, 5.25, 5.26, 5.27, 6.8'},
 {'code': 'T-03',
  'title': 'Dokumentera driftrutinerna',
  'guidance': 'It-driften har dokumenterade rutiner för start, stopp, övervakning, planerat '
              'underhåll och felsökning, så att fler än en person kan sköta driften. Planerade '
              'avbrott meddelas verksamheten i god tid.',
  'aspect': 'T',
  'min_level': 1,
  'kind': 'technical',
  'iso_controls': '5.37, 7.13'},
 {'code': 'T-04',
  'title': 'Placera utrustningen i en skyddad driftmiljö',
  'guidance': 'Servrar och nätverksutrustning står i lokaler med tillträdesskydd, avbrottsfri '
              'kraft och skydd mot brand, vatten och överhettning. Vid molndrift ska motsvarande '
              'skydd framgå av leverantörens dokumentation eller certifiering.',
  'aspect': 'T',
  'min_level': 1,
  'kind': 'technical',
  'iso_controls': '7.2, 7.5, 7.8, 7.11'},
 {'code': 'T-05',
  'title': 'Ta säkerhetskopior och testa återläsning',
  'guidance': 'Information och konfiguration säkerhetskopieras med en frekvens som motsvarar den '
              'dataförlust verksamheten kan acceptera. Återläsning testas minst en gång per år, '
              'och resultat och tidsåtgång dokumenteras.',
  'aspect': 'T',
  'min_level': 2,
  'kind': 'technical',
  'iso_controls': '8.13'},
 {'code': 'T-06',
  'title': 'Övervaka tillgängligheten',
  'guidance': 'Systemets tillgänglighet och viktigaste funktioner övervakas automatiskt, och larm '
              'går till den som kan åtgärda felet inom avtalad tid. Redovisa tillgänglighet och '
              'avbrott i en återkommande driftrapport.',
  'aspect': 'T',
  'min_level': 2,
  'kind': 'technical',
  'iso_controls': '8.16'},
 {'code': 'T-07',
  'title': 'Planera kapaciteten',
  'guidance': 'Användningen av lagring, minne, processorkraft och nätverk följs upp och '
              'prognostiseras så att kapaciteten räcker även vid kända toppar, till exempel '
              'ansökningsperioder eller skolstart. Dokumentera uppföljningen och beslutade '
              'åtgärder.',
  'aspect': 'T',
  'min_level': 2,
  'kind': 'technical',
  'iso_controls': '8.6'},
 {'code': 'T-08',
  'title': 'Ställ tillgänglighetskrav i leverantörsavtal',
  'guidance': 'Avtal med leverantörer anger krav på tillgänglighet, servicetider, åtgärdstider och '
              'rapportering som motsvarar verksamhetens behov. Följ upp utfallet mot avtalet minst '
              'en gång per år och dokumentera uppföljningen.',
  'aspect': 'T',
  'min_level': 2,
  'kind': 'organisational',
  'iso_controls': '5.20, 5.22'},
 {'code': 'T-09',
  'title': 'Ha reservrutiner för avbrott',
  'guidance': 'Verksamheten har beskrivna reservrutiner för hur det viktigaste arbetet utförs när '
              'systemet inte är tillgängligt, till exempel manuella blanketter eller utskrivna '
              'listor. Reservrutinerna ska vara kända av personalen och förvaras så att de går att '
              'nå även vid it-avbrott.',
  'aspect': 'T',
  'min_level': 2,
  'kind': 'organisational',
  'iso_controls': '5.29'},
 {'code': 'T-10',
  'title': 'Ha en testad kontinuitetsplan',
  'guidance': 'Verksamheten har en kontinuitetsplan som beskriver hur prioriterade uppgifter '
              'upprätthålls vid ett allvarligt avbrott och i vilken ordning systemen återställs. '
              'Planen övas eller testas minst en gång per år, och erfarenheterna dokumenteras och '
              'omhändertas.',
  'aspect': 'T',
  'min_level': 3,
  'kind': 'organisational',
  'iso_controls': '5.29, 5.30'},
 {'code': 'T-11',
  'title': 'Ha en plan för att byta leverantör eller ta hem driften',
  'guidance': 'Avtal ska säkerställa att informationen kan lämnas ut i ett användbart format och '
              'att leverantören bistår vid övergången om avtalet upphör. Dokumentera en exitplan '
              'och se över den när avtalet förlängs eller ändras.',
  'aspect': 'T',
  'min_level': 3,
  'kind': 'organisational',
  'iso_controls': '5.23, 5.20, 5.22'},
 {'code': 'T-12',
  'title': 'Bygg bort enskilda felpunkter',
  'guidance': 'Kritiska komponenter som servrar, databaser, lagring och nätverksanslutningar är '
              'redundanta så att ett enskilt fel inte stoppar tjänsten. Beskriv redundansen i '
              'systemdokumentationen och testa omkopplingen i samband med planerat underhåll.',
  'aspect': 'T',
  'min_level': 3,
  'kind': 'technical',
  'iso_controls': '8.14'},
 {'code': 'T-13',
  'title': 'Skydda säkerhetskopiorna mot radering och manipulation',
  'guidance': 'Minst en kopia förvaras avskild från produktionsmiljön så att den inte kan ändras '
              'eller raderas med samma behörigheter, till exempel på oföränderlig lagring eller '
              'frånkopplat medium. Visa hur avskiljningen är gjord och att återläsning från just '
              'den kopian har testats.',
  'aspect': 'T',
  'min_level': 3,
  'kind': 'technical',
  'iso_controls': '8.13, 8.7'},
 {'code': 'T-14',
  'title': 'Skydda mot överbelastningsattacker',
  'guidance': 'Tjänster som nås från internet skyddas mot överbelastningsattacker, till exempel '
              'med filtreringstjänst hos nätleverantören och begränsning av antalet anrop. Beskriv '
              'skyddet och hur det aktiveras vid en attack.',
  'aspect': 'T',
  'min_level': 3,
  'kind': 'technical',
  'iso_controls': '8.20, 8.21'},
 {'code': 'T-15',
  'title': 'Driv tjänsten redundant på skilda platser',
  'guidance': 'Systemet kan drivas från minst två geografiskt åtskilda driftplatser med separat '
              'kraft- och nätförsörjning, så att tjänsten fortsätter om en plats slås ut. '
              'Omkopplingen mellan platserna testas minst en gång per år och återställningstiden '
              'jämförs med verksamhetens krav.',
  'aspect': 'T',
  'min_level': 4,
  'kind': 'technical',
  'iso_controls': '8.14, 5.30, 7.5'},
 {'code': 'T-16',
  'title': 'Säkra reservkraft och alternativa förbindelser',
  'guidance': 'Driftplatser och kritiska nätförbindelser har reservkraft som klarar längre '
              'elavbrott och alternativa kommunikationsvägar som inte delar fysisk sträckning. '
              'Testa reservkraften regelbundet och dokumentera resultatet.',
  'aspect': 'T',
  'min_level': 4,
  'kind': 'technical',
  'iso_controls': '7.11, 7.12, 8.21'},
 {'code': 'T-17',
  'title': 'Öva kontinuitet med leverantörer och krisledning',
  'guidance': 'Kontinuitetsplanen övas i realistiska scenarier tillsammans med berörda '
              'leverantörer och stadens krisledning, inklusive längre avbrott och förlust av en '
              'hel driftplats. Övningen utvärderas och åtgärderna följs upp i LIS.',
  'aspect': 'T',
  'min_level': 4,
  'kind': 'organisational',
  'iso_controls': '5.29, 5.30, 5.5'},
 {'code': 'S-01',
  'title': 'Logga ändringar av information',
  'guidance': 'Systemet loggar när information skapas, ändras och tas bort, med uppgift om vem som '
              'gjorde det, när det skedde och vilken post som berördes. Visa med ett exempel ur '
              'loggen.',
  'aspect': 'S',
  'min_level': 1,
  'kind': 'technical',
  'iso_controls': '8.15'},
 {'code': 'S-02',
  'title': 'Använd personliga användaridentiteter',
  'guidance': 'Varje användare har en egen identitet som är knuten till en verklig person, och '
              'gruppkonton eller delade inloggningar används inte. Tekniska konton har en utsedd '
              'ansvarig och ett dokumenterat syfte.',
  'aspect': 'S',
  'min_level': 1,
  'kind': 'technical',
  'iso_controls': '5.16, 8.5'},
 {'code': 'S-03',
  'title': 'Bestäm lagringstid och åtkomst för loggar',
  'guidance': 'Verksamheten beslutar hur länge loggarna sparas, vem som får ta del av dem och när '
              'de gallras, med hänsyn till att loggar ofta innehåller personuppgifter. Beslutet '
              'ska framgå av informationshanteringsplanen eller motsvarande styrdokument.',
  'aspect': 'S',
  'min_level': 1,
  'kind': 'organisational',
  'iso_controls': '8.15, 5.34, 5.33'},
 {'code': 'S-04',
  'title': 'Följ arkiv- och gallringsreglerna',
  'guidance': 'Allmänna handlingar i systemet bevaras eller gallras enligt arkivlagstiftningen och '
              'nämndens eller bolagets informationshanteringsplan, och systemet ska kunna leverera '
              'bevarad information till e-arkiv. Visa med hänvisning till planen och genomförda '
              'gallringar eller leveranser.',
  'aspect': 'S',
  'min_level': 1,
  'kind': 'organisational',
  'iso_controls': '5.33, 5.31'},
 {'code': 'S-05',
  'title': 'Logga läsåtkomst',
  'guidance': 'Systemet loggar när en användare tar del av skyddsvärd information, inte bara när '
              'den ändras, så att det i efterhand går att visa vem som läst vilken uppgift. Visa '
              'med ett exempel ur loggen och beskriv vilka vyer, sökningar och exporter som '
              'omfattas.',
  'aspect': 'S',
  'min_level': 2,
  'kind': 'technical',
  'iso_controls': '8.15'},
 {'code': 'S-06',
  'title': 'Synkronisera tiden',
  'guidance': 'Alla servrar, databaser och nätverksenheter som loggar hämtar tid från en gemensam '
              'och tillförlitlig tidskälla, så att händelser i olika loggar kan jämföras. Visa med '
              'konfigurationen för tidssynkronisering.',
  'aspect': 'S',
  'min_level': 2,
  'kind': 'technical',
  'iso_controls': '8.17'},
 {'code': 'S-07',
  'title': 'Skydda loggarna mot obehörig åtkomst och ändring',
  'guidance': 'Loggar lagras så att vanliga användare inte kan läsa dem och så att ingen kan ändra '
              'eller radera dem utan att det märks. Åtkomst till loggarna loggas i sin tur.',
  'aspect': 'S',
  'min_level': 2,
  'kind': 'technical',
  'iso_controls': '8.15, 8.3'},
 {'code': 'S-08',
  'title': 'Granska loggarna regelbundet',
  'guidance': 'Verksamheten har en rutin för vem som granskar loggarna, hur ofta och vad man letar '
              'efter, till exempel ovanliga inloggningar eller stora uttag. Dokumentera varje '
              'granskning och vilka avvikelser som följts upp.',
  'aspect': 'S',
  'min_level': 2,
  'kind': 'organisational',
  'iso_controls': '8.15, 8.16'},
 {'code': 'S-09',
  'title': 'Logga administratörernas åtgärder',
  'guidance': 'Alla åtgärder som görs med administrativ behörighet, inklusive ändringar av '
              'behörigheter och konfiguration, loggas på ett sätt som administratören själv inte '
              'kan påverka. Visa med exempel ur loggen.',
  'aspect': 'S',
  'min_level': 3,
  'kind': 'technical',
  'iso_controls': '8.15, 8.2, 8.18'},
 {'code': 'S-10',
  'title': 'Samla loggarna centralt och larma på avvikelser',
  'guidance': 'Loggarna skickas till stadens centrala loggtjänst, där regler larmar vid misstänkta '
              'händelser, till exempel många misslyckade inloggningar eller ovanligt stora uttag. '
              'Larmen tas om hand av en utsedd funktion inom avtalad tid.',
  'aspect': 'S',
  'min_level': 3,
  'kind': 'technical',
  'iso_controls': '8.16, 8.15'},
 {'code': 'S-11',
  'title': 'Gör riktade loggkontroller av läsåtkomst',
  'guidance': 'Verksamheten gör regelbundet stickprov och riktade kontroller av vem som läst '
              'uppgifter om enskilda, till exempel personer med skyddade personuppgifter eller '
              'anställda som själva är klienter. Resultatet dokumenteras, och misstänkt obehörig '
              'åtkomst hanteras som en incident.',
  'aspect': 'S',
  'min_level': 3,
  'kind': 'organisational',
  'iso_controls': '8.15, 5.36'},
 {'code': 'S-12',
  'title': 'Säkra spår och bevis vid incidenter',
  'guidance': 'Verksamheten har en rutin för hur loggar och andra spår säkras och bevaras vid en '
              'incident, så att de kan användas i en utredning eller vid polisanmälan. Efter varje '
              'allvarlig incident dokumenteras lärdomarna och åtgärderna följs upp.',
  'aspect': 'S',
  'min_level': 3,
  'kind': 'organisational',
  'iso_controls': '5.28, 5.27'},
 {'code': 'S-13',
  'title': 'Skicka loggarna till ett separat manipulationsskyddat loggsystem',
  'guidance': 'Loggarna skickas löpande till ett separat loggsystem som förvaltas av andra än '
              'systemets administratörer och lagras så att varje ändring eller borttagning kan '
              'upptäckas, till exempel med kedjade kontrollsummor eller signering. Visa att '
              'loggkedjan verifieras regelbundet.',
  'aspect': 'S',
  'min_level': 4,
  'kind': 'technical',
  'iso_controls': '8.15, 8.24'},
 {'code': 'S-14',
  'title': 'Gör det möjligt att följa en händelse genom hela kedjan',
  'guidance': 'Loggarna gör det möjligt att följa en händelse från användarens inloggning genom '
              'integrationer och underliggande system med hjälp av gemensamma referenser, så att '
              'hela förloppet kan återskapas. Testa spårbarheten med ett verkligt scenario och '
              'dokumentera resultatet.',
  'aspect': 'S',
  'min_level': 4,
  'kind': 'technical',
  'iso_controls': '8.15, 8.17'},
 {'code': 'S-15',
  'title': 'Låt en oberoende funktion granska loggarna',
  'guidance': 'Loggarna granskas av en funktion som är fristående från dem som administrerar eller '
              'använder systemet, så att ingen granskar sina egna åtgärder. Resultatet rapporteras '
              'till informationsägaren minst en gång per kvartal.',
  'aspect': 'S',
  'min_level': 4,
  'kind': 'organisational',
  'iso_controls': '5.3, 8.15, 5.35'}]


def seed(apps, schema_editor):
    Aspect = apps.get_model("klassning", "Aspect")
    Requirement = apps.get_model("klassning", "Requirement")
    aspects = {a.code: a for a in Aspect.objects.all()}
    for row in REQUIREMENTS:
        Requirement.objects.update_or_create(
            code=row["code"],
            defaults={
                "title": row["title"], "guidance": row["guidance"],
                "aspect": aspects[row["aspect"]], "min_level": row["min_level"],
                "kind": row["kind"], "iso_controls": row["iso_controls"],
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("klassning", "Requirement").objects.filter(
        code__in=[row["code"] for row in REQUIREMENTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("klassning", "0002_reference_data")]
    operations = [migrations.RunPython(seed, unseed)]
