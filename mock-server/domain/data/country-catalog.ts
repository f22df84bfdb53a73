/**
 * The countries threats are seen from, weighted the way threat feeds usually rank them, with
 * real cities and address blocks allocated to that country (IPv4 /16s and IPv6 /32s), so that
 * an address, its country and its city agree.
 */

/** One country of the threat catalogue. */
export interface CatalogCountry {
  code: string;
  name: string;
  cities: readonly string[];
  /** Relative frequency among detected threats. */
  weight: number;
  /** IPv4 `/16` prefixes as `a.b`. */
  ipv4: readonly string[];
  /** IPv6 `/32` prefixes as `xxxx:xxxx`; empty where the country has no IPv6 to speak of. */
  ipv6: readonly string[];
}

interface CatalogRow {
  code: string;
  name: string;
  weight: number;
  /** Cities separated by `|`. */
  cities: string;
  /** Prefixes separated by spaces. */
  ipv4: string;
  ipv6: string;
}

// Rows keep each list on one line so the table stays short; they are split once at load.
const ROWS: readonly CatalogRow[] = [
  {
    code: 'CN',
    name: 'China',
    weight: 18,
    cities: "Beijing|Shanghai|Shenzhen|Guangzhou|Hangzhou|Chengdu|Nanjing|Wuhan|Xi'an|Tianjin",
    ipv4: '1.180 14.215 27.115 36.110 39.96 42.120 49.7 58.218 59.36 60.191 61.135 101.226 106.75 110.242 111.13 112.80 114.114 116.62 117.136 118.184 119.29 120.92 121.40 122.224 123.125 124.160 125.88 175.24 180.101 182.61 183.136 202.97 210.21 211.136 218.92 219.142 220.181 221.194 222.186 223.5',
    ipv6: '240e:0381 240e:0964 2408:8207 2409:8a28 2001:0da8',
  },
  {
    code: 'RU',
    name: 'Russia',
    weight: 14,
    cities:
      'Moscow|Saint Petersburg|Novosibirsk|Yekaterinburg|Kazan|Nizhny Novgorod|Rostov-on-Don|Krasnodar',
    ipv4: '5.188 31.13 37.140 46.17 77.88 78.46 79.137 80.87 81.177 82.146 83.220 85.143 87.245 91.215 92.63 93.158 94.25 95.163 109.207 176.59 178.248 188.120 193.106 194.58 195.161 212.193 213.180 217.69',
    ipv6: '2a02:06b8 2a00:1fa0 2a03:d000 2a01:0620',
  },
  {
    code: 'US',
    name: 'United States',
    weight: 10,
    cities: 'Ashburn|New York|Los Angeles|Chicago|Dallas|San Jose|Seattle|Miami|Atlanta|Phoenix',
    ipv4: '3.208 4.2 12.154 13.56 15.197 18.204 23.94 24.143 34.201 35.186 38.99 44.230 45.33 50.116 52.14 54.193 63.141 64.233 66.249 67.205 68.183 69.162 70.39 71.6 72.14 73.162 96.44 98.137 104.131 107.170 108.61 134.209 138.68 142.93 143.198 157.230 159.203 162.243 165.227 167.99 174.138 192.241 198.199 204.48 206.189 208.67',
    ipv6: '2600:1f18 2607:f8b0 2604:a880 2601:0196 2620:0149',
  },
  {
    code: 'KP',
    name: 'North Korea',
    weight: 3,
    cities: 'Pyongyang',
    // The country's whole allocation is one /22 (175.45.176.0/22); addresses are drawn inside it.
    ipv4: '175.45',
    ipv6: '',
  },
  {
    code: 'IR',
    name: 'Iran',
    weight: 5,
    cities: 'Tehran|Mashhad|Isfahan|Tabriz|Shiraz',
    ipv4: '2.176 5.52 37.32 46.100 78.38 80.191 85.185 91.98 151.232 185.88 188.121 217.218',
    ipv6: '2a01:5ec0 2a0a:02c0',
  },
  {
    code: 'BR',
    name: 'Brazil',
    weight: 5,
    cities: 'Sao Paulo|Rio de Janeiro|Brasilia|Belo Horizonte|Porto Alegre|Curitiba|Fortaleza',
    ipv4: '177.21 179.98 186.202 187.45 189.6 191.252 200.147 201.17 45.170 138.97 143.0',
    ipv6: '2804:014c 2804:07f0 2801:0080',
  },
  {
    code: 'IN',
    name: 'India',
    weight: 5,
    cities: 'Mumbai|New Delhi|Bengaluru|Chennai|Hyderabad|Pune|Kolkata',
    ipv4: '14.139 27.60 49.36 59.144 103.21 106.51 117.192 122.160 182.73 202.83 223.176 157.48',
    ipv6: '2401:4900 2405:0200 2409:4050',
  },
  {
    code: 'DE',
    name: 'Germany',
    weight: 4,
    cities: 'Frankfurt am Main|Berlin|Munich|Hamburg|Nuremberg|Falkenstein|Dusseldorf',
    ipv4: '5.9 46.4 78.47 80.187 84.200 85.214 88.198 91.64 93.184 136.243 144.76 148.251 176.9 178.63 188.40 195.201 213.133 217.160',
    ipv6: '2a01:04f8 2003:00e6 2a02:8106',
  },
  {
    code: 'NL',
    name: 'Netherlands',
    weight: 4,
    cities: 'Amsterdam|Rotterdam|The Hague|Utrecht|Eindhoven',
    ipv4: '5.79 31.186 37.48 45.83 77.72 82.94 83.96 89.248 91.132 93.174 94.228 109.236 141.105 145.131 185.107 188.166 194.109 195.169 212.83 213.154',
    ipv6: '2a01:07c8 2a02:a440 2001:067c',
  },
  {
    code: 'UA',
    name: 'Ukraine',
    weight: 4,
    cities: 'Kyiv|Kharkiv|Odesa|Dnipro|Lviv',
    ipv4: '31.43 37.57 46.219 77.120 91.200 91.218 93.170 94.153 109.108 176.36 178.150 188.163 193.151 194.44 195.248 213.179 217.12',
    ipv6: '2a02:2378 2a01:06c0',
  },
  {
    code: 'VN',
    name: 'Vietnam',
    weight: 3,
    cities: 'Hanoi|Ho Chi Minh City|Da Nang|Hai Phong',
    ipv4: '14.160 27.72 42.112 113.160 115.73 116.96 117.2 123.20 171.224 183.80 203.113',
    ipv6: '2405:4800 2402:0800',
  },
  {
    code: 'KR',
    name: 'South Korea',
    weight: 2,
    cities: 'Seoul|Busan|Incheon|Daejeon',
    ipv4: '1.214 14.32 27.35 39.7 58.120 61.78 112.175 114.200 121.134 175.193 211.234 218.38 220.95 222.122',
    ipv6: '2001:02d8 2406:5900',
  },
  {
    code: 'TR',
    name: 'Turkey',
    weight: 2,
    cities: 'Istanbul|Ankara|Izmir|Bursa',
    ipv4: '5.2 31.145 46.1 78.160 85.96 88.230 94.54 176.88 185.86 212.156',
    ipv6: '2a02:00e0',
  },
  {
    code: 'PK',
    name: 'Pakistan',
    weight: 2,
    cities: 'Karachi|Lahore|Islamabad|Faisalabad',
    ipv4: '39.32 39.57 58.65 111.68 119.152 182.176 202.125',
    ipv6: '2400:adc0',
  },
  {
    code: 'ID',
    name: 'Indonesia',
    weight: 2,
    cities: 'Jakarta|Surabaya|Bandung|Medan',
    ipv4: '36.66 103.10 110.136 114.4 118.97 125.160 180.241 182.253 202.62',
    ipv6: '2001:448a 2404:00c0',
  },
  {
    code: 'RO',
    name: 'Romania',
    weight: 2,
    cities: 'Bucharest|Cluj-Napoca|Iasi|Timisoara',
    ipv4: '5.12 31.5 46.97 79.112 86.120 89.34 93.113 188.24 193.226 212.146',
    ipv6: '2a02:2f0c',
  },
  {
    code: 'FR',
    name: 'France',
    weight: 2,
    cities: 'Paris|Roubaix|Gravelines|Marseille|Lyon|Strasbourg',
    ipv4: '2.1 5.39 37.59 51.15 62.210 78.192 80.12 82.64 86.246 90.84 92.154 109.190 151.80 163.172 176.31 195.154 212.27',
    ipv6: '2a01:cb00 2001:41d0',
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    weight: 2,
    cities: 'London|Manchester|Birmingham|Edinburgh|Leeds',
    ipv4: '2.24 5.64 31.94 51.140 62.252 77.68 78.129 81.2 82.132 86.1 90.196 109.144 151.224 178.62 185.52 212.58 217.33',
    ipv6: '2a00:23c0 2a02:0c7c',
  },
  {
    code: 'JP',
    name: 'Japan',
    weight: 1,
    cities: 'Tokyo|Osaka|Nagoya|Fukuoka',
    ipv4: '1.33 27.86 36.2 42.144 49.212 58.88 60.32 106.185 110.66 114.179 118.27 126.0 133.242 153.120 160.16 202.214 210.140 219.94',
    ipv6: '2400:4050 240b:0010',
  },
  {
    code: 'TW',
    name: 'Taiwan',
    weight: 1,
    cities: 'Taipei|Kaohsiung|Taichung',
    ipv4: '1.160 36.224 42.72 59.120 61.216 101.8 111.240 114.32 118.160 122.116 140.112 163.13 220.128',
    ipv6: '2001:b011',
  },
  {
    code: 'HK',
    name: 'Hong Kong',
    weight: 2,
    cities: 'Hong Kong|Kowloon',
    ipv4: '14.136 42.2 43.224 58.152 59.148 103.1 112.118 113.252 119.236 202.181 203.186 210.3 219.76',
    ipv6: '2400:8800',
  },
  {
    code: 'SG',
    name: 'Singapore',
    weight: 2,
    cities: 'Singapore',
    ipv4: '13.228 18.138 43.134 45.76 103.253 118.189 128.199 139.59 159.89 165.22 175.41 203.116',
    ipv6: '2400:6180',
  },
  {
    code: 'TH',
    name: 'Thailand',
    weight: 1,
    cities: 'Bangkok|Chiang Mai|Nonthaburi',
    ipv4: '1.46 27.55 49.228 58.8 101.108 110.164 113.53 171.96 182.52 183.88 203.150',
    ipv6: '2001:0fb1',
  },
  {
    code: 'MY',
    name: 'Malaysia',
    weight: 1,
    cities: 'Kuala Lumpur|Cyberjaya|Penang',
    ipv4: '1.9 14.192 42.188 60.48 110.159 115.132 175.136 183.171 202.75 210.186',
    ipv6: '2001:0e68',
  },
  {
    code: 'PH',
    name: 'Philippines',
    weight: 1,
    cities: 'Manila|Quezon City|Cebu City',
    ipv4: '49.145 112.198 112.206 119.92 120.28 121.54 122.2 124.6 175.176 180.190 203.177',
    ipv6: '2001:4450',
  },
  {
    code: 'EG',
    name: 'Egypt',
    weight: 1,
    cities: 'Cairo|Alexandria|Giza',
    ipv4: '41.32 41.196 45.240 102.40 105.32 156.160 156.200 196.218 197.32',
    ipv6: '2c0f:fc88',
  },
  {
    code: 'NG',
    name: 'Nigeria',
    weight: 1,
    cities: 'Lagos|Abuja|Port Harcourt',
    ipv4: '41.58 41.184 102.88 105.112 129.205 154.118 197.210 197.253',
    ipv6: '2c0f:f6d0',
  },
  {
    code: 'ZA',
    name: 'South Africa',
    weight: 1,
    cities: 'Johannesburg|Cape Town|Durban|Pretoria',
    ipv4: '41.13 41.160 102.130 105.224 129.232 155.232 165.145 196.25 197.80',
    ipv6: '2c0f:f4c0',
  },
  {
    code: 'MX',
    name: 'Mexico',
    weight: 1,
    cities: 'Mexico City|Guadalajara|Monterrey|Queretaro',
    ipv4: '177.224 187.190 189.203 200.38 201.141 148.240 187.141',
    ipv6: '2806:02f0',
  },
  {
    code: 'AR',
    name: 'Argentina',
    weight: 1,
    cities: 'Buenos Aires|Cordoba|Rosario',
    ipv4: '181.1 181.46 186.22 190.2 190.220 200.45 201.212',
    ipv6: '2800:0810',
  },
  {
    code: 'CO',
    name: 'Colombia',
    weight: 1,
    cities: 'Bogota|Medellin|Cali',
    ipv4: '181.48 181.128 186.28 186.84 190.24 190.85 191.95 200.21',
    ipv6: '2800:00e2',
  },
  {
    code: 'CL',
    name: 'Chile',
    weight: 0.5,
    cities: 'Santiago|Valparaiso',
    ipv4: '152.172 181.43 186.10 190.5 200.27 201.188',
    ipv6: '2800:0150',
  },
  {
    code: 'VE',
    name: 'Venezuela',
    weight: 0.5,
    cities: 'Caracas|Maracaibo|Valencia',
    ipv4: '186.88 186.167 190.36 190.198 200.44 201.208',
    ipv6: '',
  },
  {
    code: 'IT',
    name: 'Italy',
    weight: 1,
    cities: 'Milan|Rome|Turin|Naples',
    ipv4: '2.32 5.88 31.156 37.182 78.134 79.1 80.180 82.48 87.1 93.33 95.110 151.38 176.201 188.10 212.239 213.26',
    ipv6: '2a02:b020',
  },
  {
    code: 'ES',
    name: 'Spain',
    weight: 1,
    cities: 'Madrid|Barcelona|Valencia|Seville',
    ipv4: '2.136 5.154 31.4 37.10 77.26 80.58 83.32 84.124 88.2 90.165 95.16 176.84 188.77 212.170 213.97',
    ipv6: '2a0c:5a80',
  },
  {
    code: 'PL',
    name: 'Poland',
    weight: 1,
    cities: 'Warsaw|Krakow|Wroclaw|Gdansk|Poznan',
    ipv4: '5.173 31.61 37.47 46.113 77.55 79.184 83.23 89.64 91.185 94.152 178.33 188.146 193.59 212.77 213.134',
    ipv6: '2a01:110f',
  },
  {
    code: 'CA',
    name: 'Canada',
    weight: 1,
    cities: 'Toronto|Montreal|Vancouver|Beauharnois|Calgary',
    ipv4: '24.48 24.114 50.64 64.180 66.222 70.24 99.224 142.114 154.5 159.2 167.114 192.95 198.245 206.47 207.6',
    ipv6: '2607:fea8',
  },
  {
    code: 'AU',
    name: 'Australia',
    weight: 1,
    cities: 'Sydney|Melbourne|Brisbane|Perth',
    ipv4: '1.120 1.128 14.200 27.32 49.176 58.96 101.160 110.20 120.16 121.200 139.130 144.132 150.101 203.2',
    ipv6: '2001:8003',
  },
  {
    code: 'SE',
    name: 'Sweden',
    weight: 1,
    cities: 'Stockholm|Gothenburg|Malmo',
    ipv4: '2.64 5.150 31.208 46.246 78.69 81.224 83.248 85.224 90.224 94.254 178.174 185.65 193.10 194.47 213.64',
    ipv6: '2001:2002',
  },
  {
    code: 'BG',
    name: 'Bulgaria',
    weight: 1,
    cities: 'Sofia|Plovdiv|Varna',
    ipv4: '5.53 31.211 46.10 77.70 78.83 79.124 85.118 87.120 89.215 91.139 93.123 95.42 185.94 212.5 213.91',
    ipv6: '2a01:05a8',
  },
  {
    code: 'BY',
    name: 'Belarus',
    weight: 1,
    cities: 'Minsk|Gomel|Brest',
    ipv4: '37.17 37.212 46.56 46.216 77.74 82.209 86.57 93.84 134.17 178.120 178.172 193.232 212.98 213.184',
    ipv6: '2a00:1760',
  },
  {
    code: 'KZ',
    name: 'Kazakhstan',
    weight: 1,
    cities: 'Almaty|Astana|Shymkent',
    ipv4: '2.132 37.150 46.235 77.240 82.200 89.218 92.46 95.56 178.88 188.127 212.154 217.196',
    ipv6: '2a00:5da0',
  },
];

export const COUNTRY_CATALOG: readonly CatalogCountry[] = ROWS.map((row) => ({
  code: row.code,
  name: row.name,
  weight: row.weight,
  cities: row.cities.split('|'),
  ipv4: row.ipv4.split(' '),
  ipv6: row.ipv6 === '' ? [] : row.ipv6.split(' '),
}));

/** Catalogue entries by code. */
export const CATALOG_BY_CODE: ReadonlyMap<string, CatalogCountry> = new Map(
  COUNTRY_CATALOG.map((country) => [country.code, country]),
);

/** Catalogue entries by IPv4 `/16`, to place an address reported through the API. */
export const CATALOG_BY_IPV4_PREFIX: ReadonlyMap<string, CatalogCountry> = new Map(
  COUNTRY_CATALOG.flatMap((country) => country.ipv4.map((prefix) => [prefix, country] as const)),
);
