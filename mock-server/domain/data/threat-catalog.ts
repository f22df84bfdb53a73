/**
 * What each threat type looks like: its usual score range, intelligence categories, the
 * processes and ports it involves and its traffic pattern. The dataset draws from this table
 * and so does scoring of reported threats, which keeps both consistent.
 */

import type { MlModel, NetworkPattern, ThreatCategory, ThreatSource, ThreatType } from '../wire.js';

/** One threat type's profile. */
export interface ThreatProfile {
  /** Relative frequency in the seeded dataset. */
  weight: number;
  /** Score range of seeded threats, and the base score of a reported one. */
  scoreRange: readonly [min: number, max: number];
  base: number;
  categories: readonly ThreatCategory[];
  extraCategories: readonly ThreatCategory[];
  pattern: NetworkPattern;
  /** Whether a host process is normally involved (otherwise process_behavior is mostly null). */
  hostBased: boolean;
  processes: readonly string[];
  ports: readonly number[];
  /** Traffic direction from our network's point of view. */
  direction: 'INBOUND' | 'OUTBOUND';
  protocol: 'TCP' | 'UDP';
  models: readonly MlModel[];
}

export const THREAT_PROFILES: Readonly<Record<ThreatType, ThreatProfile>> = {
  C2_COMMUNICATION: {
    weight: 10,
    scoreRange: [50, 98],
    base: 62,
    categories: ['C2'],
    extraCategories: ['Malware', 'Botnet', 'Tor'],
    pattern: 'BEACONING',
    hostBased: true,
    processes: ['svchost.exe', 'rundll32.exe', 'powershell.exe', 'python3', 'curl', 'update.exe'],
    ports: [443, 8443, 4444, 8080, 53, 1337],
    direction: 'OUTBOUND',
    protocol: 'TCP',
    models: ['temporal', 'behavioral', 'sequence', 'geographic'],
  },
  MALWARE: {
    weight: 10,
    scoreRange: [40, 95],
    base: 55,
    categories: ['Malware'],
    extraCategories: ['Exploit', 'Botnet', 'Spam'],
    pattern: 'NORMAL',
    hostBased: true,
    processes: ['explorer.exe', 'winlogon.exe', 'mshta.exe', 'wscript.exe', 'regsvr32.exe', 'bash'],
    ports: [80, 443, 8080, 445],
    direction: 'OUTBOUND',
    protocol: 'TCP',
    models: ['behavioral', 'sequence', 'temporal'],
  },
  RANSOMWARE: {
    weight: 4,
    scoreRange: [72, 100],
    base: 72,
    categories: ['Ransomware', 'Malware'],
    extraCategories: ['C2', 'Exploit'],
    pattern: 'LATERAL_MOVEMENT',
    hostBased: true,
    processes: ['vssadmin.exe', 'cmd.exe', 'locker.exe', 'wmic.exe', 'powershell.exe'],
    ports: [445, 135, 3389, 443],
    direction: 'OUTBOUND',
    protocol: 'TCP',
    models: ['behavioral', 'volumetric', 'sequence', 'temporal'],
  },
  PHISHING: {
    weight: 8,
    scoreRange: [30, 85],
    base: 45,
    categories: ['Phishing'],
    extraCategories: ['Spam', 'Malware'],
    pattern: 'NORMAL',
    hostBased: false,
    processes: ['outlook.exe', 'chrome.exe', 'msedge.exe', 'firefox.exe'],
    ports: [443, 80, 25, 587],
    direction: 'OUTBOUND',
    protocol: 'TCP',
    models: ['behavioral', 'geographic'],
  },
  PORT_SCAN: {
    weight: 16,
    scoreRange: [8, 66],
    base: 28,
    categories: ['Scanner'],
    extraCategories: ['Tor', 'Proxy', 'Botnet'],
    pattern: 'PORT_SCANNING',
    hostBased: false,
    processes: ['nmap', 'masscan', 'zmap'],
    ports: [22, 23, 80, 443, 445, 3389, 5900, 8080, 6379, 9200],
    direction: 'INBOUND',
    protocol: 'TCP',
    models: ['volumetric', 'temporal', 'geographic'],
  },
  BRUTE_FORCE: {
    weight: 15,
    scoreRange: [22, 82],
    base: 42,
    categories: ['BruteForce'],
    extraCategories: ['Scanner', 'Botnet', 'Proxy'],
    pattern: 'BRUTE_FORCE',
    hostBased: false,
    processes: ['sshd', 'lsass.exe', 'vsftpd', 'postfix'],
    ports: [22, 3389, 21, 25, 110, 143, 5432, 3306],
    direction: 'INBOUND',
    protocol: 'TCP',
    models: ['volumetric', 'temporal', 'sequence'],
  },
  DATA_EXFILTRATION: {
    weight: 5,
    scoreRange: [55, 99],
    base: 65,
    categories: ['C2'],
    extraCategories: ['Malware', 'Exploit'],
    pattern: 'DATA_EXFILTRATION',
    hostBased: true,
    processes: ['rclone.exe', 'curl', 'scp', 'powershell.exe', 'python3', '7z.exe'],
    ports: [443, 21, 22, 53, 8443],
    direction: 'OUTBOUND',
    protocol: 'TCP',
    models: ['volumetric', 'behavioral', 'temporal'],
  },
  LATERAL_MOVEMENT: {
    weight: 4,
    scoreRange: [50, 96],
    base: 60,
    categories: ['Exploit'],
    extraCategories: ['Malware', 'C2'],
    pattern: 'LATERAL_MOVEMENT',
    hostBased: true,
    processes: ['psexec.exe', 'wmic.exe', 'winrm.exe', 'mimikatz.exe', 'ssh'],
    ports: [445, 135, 5985, 3389, 22],
    direction: 'OUTBOUND',
    protocol: 'TCP',
    models: ['behavioral', 'sequence', 'geographic'],
  },
  DDOS: {
    weight: 6,
    scoreRange: [35, 92],
    base: 50,
    categories: ['DDoS'],
    extraCategories: ['Botnet'],
    pattern: 'NORMAL',
    hostBased: false,
    processes: ['nginx', 'haproxy'],
    ports: [80, 443, 53, 123],
    direction: 'INBOUND',
    protocol: 'UDP',
    models: ['volumetric', 'temporal'],
  },
  CRYPTO_MINING: {
    weight: 6,
    scoreRange: [20, 72],
    base: 40,
    categories: ['CryptoMining'],
    extraCategories: ['Malware', 'Botnet'],
    pattern: 'BEACONING',
    hostBased: true,
    processes: ['xmrig', 'kworkerds', 'minerd', 'svchost.exe', 'kdevtmpfsi'],
    ports: [3333, 4444, 5555, 14444, 45700],
    direction: 'OUTBOUND',
    protocol: 'TCP',
    models: ['volumetric', 'behavioral'],
  },
  SUSPICIOUS_PROCESS: {
    weight: 7,
    scoreRange: [18, 80],
    base: 35,
    categories: ['Malware'],
    extraCategories: ['Exploit'],
    pattern: 'NORMAL',
    hostBased: true,
    processes: ['powershell.exe', 'certutil.exe', 'bitsadmin.exe', 'python3', 'nc', 'perl'],
    ports: [443, 80, 4444, 9001],
    direction: 'OUTBOUND',
    protocol: 'TCP',
    models: ['behavioral', 'sequence'],
  },
  OTHER: {
    weight: 3,
    scoreRange: [5, 60],
    base: 25,
    categories: ['Proxy'],
    extraCategories: ['Tor', 'Spam', 'Scanner'],
    pattern: 'NORMAL',
    hostBased: false,
    processes: ['unknown'],
    ports: [80, 443, 8080],
    direction: 'INBOUND',
    protocol: 'TCP',
    models: ['geographic', 'temporal'],
  },
};

export const THREAT_TYPES = Object.keys(THREAT_PROFILES) as ThreatType[];

export const THREAT_SOURCES: readonly ThreatSource[] = [
  'AbuseIPDB',
  'Shodan',
  'GreyNoise',
  'VirusTotal',
  'AlienVault OTX',
  'Spamhaus',
  'Emerging Threats',
  'CyberFortress Sensor Network',
];

/** Where a seeded threat says it was detected (ThreatContext.detection_source). */
export const DETECTION_SOURCES = [
  'network_sensor',
  'endpoint_agent',
  'threat_feed',
  'honeypot',
  'siem_correlation',
];

/** Resolutions recorded when a seeded threat was mitigated. */
export const RESOLUTIONS = [
  'IP blocked at firewall',
  'Process terminated and binary quarantined',
  'Host isolated and reimaged',
  'Credentials rotated and sessions revoked',
  'Domain sinkholed',
  'Rate limit applied at edge',
];

/** Resolutions recorded when a seeded threat was closed as a false positive. */
export const FALSE_POSITIVE_RESOLUTIONS = [
  'Authorized vulnerability scan by the security team',
  'Backup job misclassified as exfiltration',
  'Developer tooling matched a malware heuristic',
];
