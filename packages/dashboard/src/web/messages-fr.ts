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
};
