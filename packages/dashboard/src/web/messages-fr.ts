// Les mots de la page en français (mêmes clés que messages-en.ts).
import type { Messages } from './i18n.js';

export const fr: Messages = {
  cardOutcome: {
    all: { cases: 'Cas', deaths: 'Décès' },
    confirmed: { cases: 'Cas confirmés', deaths: 'Décès confirmés' },
    probable: { cases: 'Cas probables', deaths: 'Décès probables' },
    suspected: { cases: 'Cas suspects', deaths: 'Décès suspects' },
  },
  per100kSuffix: 'pour 100 000 habitants',
  cardCumulativeOf: {
    all: 'cumul, confirmés + probables + suspects',
    confirmed: 'cumul, confirmés en laboratoire',
    probable: 'cumul, probables',
    suspected: 'cumul, suspects',
  },
  noPopulation: (names: string) => `population inconnue pour ${names}`,
  cardCfr: 'Létalité brute',
  cardCfrDetail: {
    all: 'décès ÷ cas, toutes classifications',
    confirmed: 'décès confirmés ÷ cas confirmés',
    probable: 'décès probables ÷ cas probables',
    suspected: 'décès suspects ÷ cas suspects',
  },
  cardLastReport: 'Dernier rapport',
  cardLastReportDetail: 'rapport de situation de l’OMS',
  problemCountry: (names: string[]) =>
    names.length === 1
      ? `« ${names[0]} » n’est pas un pays de ces données : il est laissé de côté.`
      : `${names.map((n) => `« ${n} »`).join(', ')} ne sont pas des pays de ces données : ils sont laissés de côté.`,
  problemIndicator: (name: string) =>
    `Le lien demande l’indicateur « ${name} », absent de ces données : affichage de tous les cas.`,
  problemMeasure: (name: string) =>
    `Le lien demande la mesure « ${name} », inconnue de cette page : affichage des cumuls.`,
  problemView: (name: string) =>
    `Le lien demande une vue « ${name} » qui n’existe pas : affichage du graphique.`,
  problemDate: (field: 'from' | 'to' | 'date', text: string) =>
    `La ${field === 'from' ? 'date de début' : field === 'to' ? 'date de fin' : 'date de la carte'} du lien, « ${text} », n’est pas une date (écrivez-la comme 2015-03-23) : elle est ignorée.`,
  problemSwapped: 'La date de début du lien est après sa date de fin : les deux sont inversées.',
  problemDateSnapped: (asked: string, shown: string) =>
    `Aucun rapport le ${asked} : la carte montre le dernier rapport avant cette date, le ${shown}.`,
  apiNoPopulation: (name: string) =>
    `« Pour 100 000 habitants » demande une population, inconnue pour ${name || 'un pays choisi'}. Décochez « Pour 100 000 habitants » ou retirez ce pays.`,
  apiNotApplicable: 'Cette mesure ne s’applique pas à cet indicateur. Choisissez-en une autre.',
  apiNotReady: 'Les données sont en cours de chargement. Réessayez dans un instant.',
  apiFailed: 'Cette vue n’a pas pu être chargée. Réessayez, ou réinitialisez la vue.',
  resetView: 'Réinitialiser la vue',
  pickCountry: 'Choisissez au moins un pays pour tracer le graphique.',
  static: {
    'Skip to the chart': 'Aller au graphique',
    'The West African Ebolavirus Outbreak': 'L’épidémie d’Ebola en Afrique de l’Ouest',
    'Cases and deaths reported in WHO situation reports, 2014–2016':
      'Cas et décès des rapports de situation de l’OMS, 2014–2016',
    'Edit chart': 'Modifier le graphique',
    Done: 'Terminé',
    Countries: 'Pays',
    Indicator: 'Indicateur',
    Outcome: 'Issue',
    Classification: 'Classification',
    Measure: 'Mesure',
    'HDX indicator:': 'Indicateur HDX :',
    'Choose by HDX name': 'Choisir par nom HDX',
    'HDX indicator name': 'Nom de l’indicateur HDX',
    Dates: 'Dates',
    From: 'Du',
    To: 'Au',
    'e.g. 23 Mar 2015 or 2015-03-23': 'p. ex. 23 mars 2015 ou 2015-03-23',
    Options: 'Options',
    'Log scale': 'Échelle logarithmique',
    'Per 100,000 people': 'Pour 100 000 habitants',
    'One panel per country': 'Un panneau par pays',
    'Same y axis in every panel': 'Même axe des y pour tous les panneaux',
    'Merge flare-ups (Liberia 2, Guinea 2)': 'Fusionner les résurgences (Libéria 2, Guinée 2)',
    'Clamp revisions to zero (weekly)': 'Ramener les révisions à zéro (hebdomadaire)',
    'Rt window': 'Fenêtre de Rt',
    'Mark events (PHEIC, end of transmission, flare-ups)':
      'Marquer les événements (USPPI, fin de transmission, résurgences)',
    'Events on the chart, with their WHO sources': 'Événements du graphique, avec leurs sources OMS',
    '1 week': '1 semaine',
    '2 weeks': '2 semaines',
    '3 weeks': '3 semaines',
    '4 weeks': '4 semaines',
    '5 weeks': '5 semaines',
    '6 weeks': '6 semaines',
    Chart: 'Graphique',
    Map: 'Carte',
    Table: 'Tableau',
    'Sources & notes': 'Sources et notes',
    Share: 'Partager',
    'Download ': 'Télécharger ',
    'Link to this view': 'Lien vers cette vue',
    'Embed this view (HTML)': 'Intégrer cette vue (HTML)',
    'Copy link': 'Copier le lien',
    'Copy embed code': 'Copier le code d’intégration',
    'Reset view': 'Réinitialiser la vue',
    'About these numbers': 'À propos de ces chiffres',
    'Open this view in the Ebola outbreak dashboard ↗': 'Ouvrir cette vue dans le tableau de bord Ebola ↗',
    'Chart settings': 'Réglages du graphique',
    Results: 'Résultats',
    'Summary at the end of the range': 'Bilan à la fin de la période',
    View: 'Vue',
  },
  countries: {
    Guinea: 'Guinée',
    Liberia: 'Libéria',
    'Sierra Leone': 'Sierra Leone',
    Nigeria: 'Nigéria',
    Senegal: 'Sénégal',
    Mali: 'Mali',
    Spain: 'Espagne',
    Italy: 'Italie',
    'United Kingdom': 'Royaume-Uni',
    'United States of America': 'États-Unis',
  },
  outcomes: { cases: 'Cas', deaths: 'Décès' },
  classifications: {
    all: 'Toutes classifications',
    confirmed: 'Confirmés',
    probable: 'Probables',
    suspected: 'Suspects',
  },
  measures: {
    cumulative: 'Cumul',
    weekly: 'Nouveaux par semaine',
    'last-21-days': '21 derniers jours',
    cfr: 'Taux de létalité brut',
    rt: 'Nombre de reproduction (Rt)',
  },
  choice: (outcome, classification, measure) => {
    const cls = { all: 'tous', confirmed: 'confirmés', probable: 'probables', suspected: 'suspects' }[
      classification
    ];
    const noun = outcome === 'cases' ? 'cas' : 'décès';
    if (measure === 'cfr') return `Taux de létalité brut, cas ${cls}`;
    if (measure === 'rt') return `Nombre de reproduction Rt, à partir des ${noun} (${cls})`;
    const what =
      classification === 'all'
        ? `${noun === 'cas' ? 'Cas' : 'Décès'} (toutes classifications)`
        : `${noun === 'cas' ? 'Cas' : 'Décès'} ${cls}`;
    return `${what}, ${measure}`;
  },
  measureInTitle: {
    cumulative: 'cumul',
    weekly: 'nouveaux par semaine',
    'last-21-days': '21 derniers jours',
  },
  per100kTitle: 'pour 100 000 habitants',
  noData: 'pas de données',
  sparse: (rows: number) => `peu de données (${rows} rapports)`,
  searchCountries: 'Rechercher un pays…',
  addRemoveCountry: 'Ajouter ou retirer un pays',
  removeCountry: (name: string) => `Retirer ${name}`,
  noReport: 'pas de rapport',
  mapLogScale: 'Classes de couleur sur une échelle logarithmique',
  noCountryMatches: 'Aucun pays ne correspond',
  chartKey:
    'révision de l’OMS (le cumul a baissé). Glissez sur le graphique pour zoomer, double-cliquez pour revenir ; sur le graphique actif, + et − zooment, ← et → déplacent les dates, 0 revient à toute la période. Choisissez un nom dans la légende pour le masquer ou l’afficher.',
  sourceLine: (file: string, loaded: string, from: string, to: string) =>
    `Source : rapports de situation de l’OMS sur Ebola, compilés par UN OCHA HDX (« Ebola Cases and Deaths »), lus dans ${file} ; chargés le ${loaded}. Rapports du ${from} au ${to}.`,
  cachedCopy: '(copie en cache)',
  timeline: 'Frise chronologique',
  timelineStart: 'Date de début',
  timelineEnd: 'Date de fin',
  timelineDate: 'Date de la carte',
  play: 'Lecture',
  pause: 'Pause',
  warnings: 'Avertissements :',
};
