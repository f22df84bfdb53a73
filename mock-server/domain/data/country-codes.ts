/**
 * Every officially assigned ISO 3166-1 alpha-2 code, with the short English name and the
 * capital (used as the city when a caller names a country the threat catalogue does not cover).
 */

/** One assigned code. */
export interface CountryCode {
  code: string;
  name: string;
  capital: string;
}

// Kept as one `code|name|capital` line per country: compact to read and to diff.
const TABLE = `AD|Andorra|Andorra la Vella
AE|United Arab Emirates|Abu Dhabi
AF|Afghanistan|Kabul
AG|Antigua and Barbuda|Saint John's
AI|Anguilla|The Valley
AL|Albania|Tirana
AM|Armenia|Yerevan
AO|Angola|Luanda
AQ|Antarctica|McMurdo Station
AR|Argentina|Buenos Aires
AS|American Samoa|Pago Pago
AT|Austria|Vienna
AU|Australia|Canberra
AW|Aruba|Oranjestad
AX|Aland Islands|Mariehamn
AZ|Azerbaijan|Baku
BA|Bosnia and Herzegovina|Sarajevo
BB|Barbados|Bridgetown
BD|Bangladesh|Dhaka
BE|Belgium|Brussels
BF|Burkina Faso|Ouagadougou
BG|Bulgaria|Sofia
BH|Bahrain|Manama
BI|Burundi|Gitega
BJ|Benin|Porto-Novo
BL|Saint Barthelemy|Gustavia
BM|Bermuda|Hamilton
BN|Brunei Darussalam|Bandar Seri Begawan
BO|Bolivia|Sucre
BQ|Bonaire, Sint Eustatius and Saba|Kralendijk
BR|Brazil|Brasilia
BS|Bahamas|Nassau
BT|Bhutan|Thimphu
BV|Bouvet Island|Bouvet Island
BW|Botswana|Gaborone
BY|Belarus|Minsk
BZ|Belize|Belmopan
CA|Canada|Ottawa
CC|Cocos (Keeling) Islands|West Island
CD|Congo, Democratic Republic of the|Kinshasa
CF|Central African Republic|Bangui
CG|Congo|Brazzaville
CH|Switzerland|Bern
CI|Cote d'Ivoire|Yamoussoukro
CK|Cook Islands|Avarua
CL|Chile|Santiago
CM|Cameroon|Yaounde
CN|China|Beijing
CO|Colombia|Bogota
CR|Costa Rica|San Jose
CU|Cuba|Havana
CV|Cabo Verde|Praia
CW|Curacao|Willemstad
CX|Christmas Island|Flying Fish Cove
CY|Cyprus|Nicosia
CZ|Czechia|Prague
DE|Germany|Berlin
DJ|Djibouti|Djibouti
DK|Denmark|Copenhagen
DM|Dominica|Roseau
DO|Dominican Republic|Santo Domingo
DZ|Algeria|Algiers
EC|Ecuador|Quito
EE|Estonia|Tallinn
EG|Egypt|Cairo
EH|Western Sahara|Laayoune
ER|Eritrea|Asmara
ES|Spain|Madrid
ET|Ethiopia|Addis Ababa
FI|Finland|Helsinki
FJ|Fiji|Suva
FK|Falkland Islands (Malvinas)|Stanley
FM|Micronesia|Palikir
FO|Faroe Islands|Torshavn
FR|France|Paris
GA|Gabon|Libreville
GB|United Kingdom|London
GD|Grenada|Saint George's
GE|Georgia|Tbilisi
GF|French Guiana|Cayenne
GG|Guernsey|Saint Peter Port
GH|Ghana|Accra
GI|Gibraltar|Gibraltar
GL|Greenland|Nuuk
GM|Gambia|Banjul
GN|Guinea|Conakry
GP|Guadeloupe|Basse-Terre
GQ|Equatorial Guinea|Malabo
GR|Greece|Athens
GS|South Georgia and the South Sandwich Islands|King Edward Point
GT|Guatemala|Guatemala City
GU|Guam|Hagatna
GW|Guinea-Bissau|Bissau
GY|Guyana|Georgetown
HK|Hong Kong|Hong Kong
HM|Heard Island and McDonald Islands|Atlas Cove
HN|Honduras|Tegucigalpa
HR|Croatia|Zagreb
HT|Haiti|Port-au-Prince
HU|Hungary|Budapest
ID|Indonesia|Jakarta
IE|Ireland|Dublin
IL|Israel|Jerusalem
IM|Isle of Man|Douglas
IN|India|New Delhi
IO|British Indian Ocean Territory|Diego Garcia
IQ|Iraq|Baghdad
IR|Iran|Tehran
IS|Iceland|Reykjavik
IT|Italy|Rome
JE|Jersey|Saint Helier
JM|Jamaica|Kingston
JO|Jordan|Amman
JP|Japan|Tokyo
KE|Kenya|Nairobi
KG|Kyrgyzstan|Bishkek
KH|Cambodia|Phnom Penh
KI|Kiribati|Tarawa
KM|Comoros|Moroni
KN|Saint Kitts and Nevis|Basseterre
KP|North Korea|Pyongyang
KR|South Korea|Seoul
KW|Kuwait|Kuwait City
KY|Cayman Islands|George Town
KZ|Kazakhstan|Astana
LA|Laos|Vientiane
LB|Lebanon|Beirut
LC|Saint Lucia|Castries
LI|Liechtenstein|Vaduz
LK|Sri Lanka|Sri Jayawardenepura Kotte
LR|Liberia|Monrovia
LS|Lesotho|Maseru
LT|Lithuania|Vilnius
LU|Luxembourg|Luxembourg
LV|Latvia|Riga
LY|Libya|Tripoli
MA|Morocco|Rabat
MC|Monaco|Monaco
MD|Moldova|Chisinau
ME|Montenegro|Podgorica
MF|Saint Martin (French part)|Marigot
MG|Madagascar|Antananarivo
MH|Marshall Islands|Majuro
MK|North Macedonia|Skopje
ML|Mali|Bamako
MM|Myanmar|Naypyidaw
MN|Mongolia|Ulaanbaatar
MO|Macao|Macao
MP|Northern Mariana Islands|Saipan
MQ|Martinique|Fort-de-France
MR|Mauritania|Nouakchott
MS|Montserrat|Brades
MT|Malta|Valletta
MU|Mauritius|Port Louis
MV|Maldives|Male
MW|Malawi|Lilongwe
MX|Mexico|Mexico City
MY|Malaysia|Kuala Lumpur
MZ|Mozambique|Maputo
NA|Namibia|Windhoek
NC|New Caledonia|Noumea
NE|Niger|Niamey
NF|Norfolk Island|Kingston
NG|Nigeria|Abuja
NI|Nicaragua|Managua
NL|Netherlands|Amsterdam
NO|Norway|Oslo
NP|Nepal|Kathmandu
NR|Nauru|Yaren
NU|Niue|Alofi
NZ|New Zealand|Wellington
OM|Oman|Muscat
PA|Panama|Panama City
PE|Peru|Lima
PF|French Polynesia|Papeete
PG|Papua New Guinea|Port Moresby
PH|Philippines|Manila
PK|Pakistan|Islamabad
PL|Poland|Warsaw
PM|Saint Pierre and Miquelon|Saint-Pierre
PN|Pitcairn|Adamstown
PR|Puerto Rico|San Juan
PS|Palestine|Ramallah
PT|Portugal|Lisbon
PW|Palau|Ngerulmud
PY|Paraguay|Asuncion
QA|Qatar|Doha
RE|Reunion|Saint-Denis
RO|Romania|Bucharest
RS|Serbia|Belgrade
RU|Russia|Moscow
RW|Rwanda|Kigali
SA|Saudi Arabia|Riyadh
SB|Solomon Islands|Honiara
SC|Seychelles|Victoria
SD|Sudan|Khartoum
SE|Sweden|Stockholm
SG|Singapore|Singapore
SH|Saint Helena, Ascension and Tristan da Cunha|Jamestown
SI|Slovenia|Ljubljana
SJ|Svalbard and Jan Mayen|Longyearbyen
SK|Slovakia|Bratislava
SL|Sierra Leone|Freetown
SM|San Marino|San Marino
SN|Senegal|Dakar
SO|Somalia|Mogadishu
SR|Suriname|Paramaribo
SS|South Sudan|Juba
ST|Sao Tome and Principe|Sao Tome
SV|El Salvador|San Salvador
SX|Sint Maarten (Dutch part)|Philipsburg
SY|Syria|Damascus
SZ|Eswatini|Mbabane
TC|Turks and Caicos Islands|Cockburn Town
TD|Chad|N'Djamena
TF|French Southern Territories|Port-aux-Francais
TG|Togo|Lome
TH|Thailand|Bangkok
TJ|Tajikistan|Dushanbe
TK|Tokelau|Nukunonu
TL|Timor-Leste|Dili
TM|Turkmenistan|Ashgabat
TN|Tunisia|Tunis
TO|Tonga|Nuku'alofa
TR|Turkey|Ankara
TT|Trinidad and Tobago|Port of Spain
TV|Tuvalu|Funafuti
TW|Taiwan|Taipei
TZ|Tanzania|Dodoma
UA|Ukraine|Kyiv
UG|Uganda|Kampala
UM|United States Minor Outlying Islands|Wake Island
US|United States|Washington
UY|Uruguay|Montevideo
UZ|Uzbekistan|Tashkent
VA|Holy See|Vatican City
VC|Saint Vincent and the Grenadines|Kingstown
VE|Venezuela|Caracas
VG|Virgin Islands (British)|Road Town
VI|Virgin Islands (U.S.)|Charlotte Amalie
VN|Vietnam|Hanoi
VU|Vanuatu|Port Vila
WF|Wallis and Futuna|Mata-Utu
WS|Samoa|Apia
YE|Yemen|Sanaa
YT|Mayotte|Mamoudzou
ZA|South Africa|Pretoria
ZM|Zambia|Lusaka
ZW|Zimbabwe|Harare`;

/** Assigned codes by code. */
export const COUNTRY_CODES: ReadonlyMap<string, CountryCode> = new Map(
  TABLE.split('\n').map((line) => {
    const [code, name, capital] = line.split('|') as [string, string, string];
    return [code, { code, name, capital }];
  }),
);

/** Whether `code` is an assigned ISO 3166-1 alpha-2 code (uppercase, exactly as assigned). */
export function isAssignedCountryCode(code: unknown): code is string {
  return typeof code === 'string' && COUNTRY_CODES.has(code);
}
