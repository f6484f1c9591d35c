// Word lists for the synthetic books of generator.ts: French and Danish small-business names.

export const FR_SURNAMES = [
  'Lefèvre', 'Dupont', 'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
  'Simon', 'Laurent', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André',
  'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Perrin', 'Robin',
  'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Masson', 'Marchand', 'Duval', 'Denis', 'Dumont', 'Lemaire',
  'Noël', 'Meyer', 'Dufour', 'Meunier', 'Brun', 'Blanchard', 'Giraud', 'Joly', 'Rivière', 'Lucas', 'Brunet', 'Gaillard',
  'Barbier', 'Arnaud', 'Gérard', 'Roche', 'Renard', 'Schmitt', 'Leroux', 'Colin', 'Vidal', 'Caron', 'Picard', 'Fabre',
  'Aubert', 'Lemoine', 'Renaud', 'Dumas', 'Lacroix', 'Olivier', 'Bourgeois', 'Benoît', 'Leclerc', 'Rolland', 'Guillaume',
  'Lecomte', 'Dupuy', 'Guillot', 'Hubert', 'Berger', 'Carpentier', 'Dupuis', 'Moulin', 'Deschamps', 'Huet', 'Vasseur',
  'Boucher', 'Fleury', 'Royer', 'Klein', 'Jacquet', 'Poirier', 'Marty', 'Aubry', 'Guyot', 'Carré', 'Renault', 'Ménard',
  'Maillard', 'Baron', 'Bertin', 'Bailly', 'Hervé', 'Schneider', 'Le Gall', 'Collet', 'Léger', 'Bouvier', 'Prévost',
  'Millet', 'Perrot', 'Cousin', 'Germain', 'Breton', 'Besson', 'Langlois', 'Rémy', 'Le Goff', 'Pelletier', 'Lévêque',
  'Perrier', 'Leblanc', 'Barré', 'Lebrun', 'Marchal', 'Weber', 'Mallet', 'Hamon', 'Jacob', 'Monnier', 'Michaud', 'Guichard',
  'Gillet', 'Étienne', 'Poulain', 'Tessier', 'Chauvin', 'Bouchet', 'Lemaître', 'Bénard', 'Maréchal', 'Humbert', 'Reynaud',
  'Perret', 'Barthélemy', 'Cordier', 'Pichon', 'Lejeune', 'Gilbert', 'Lamy', 'Delaunay', 'Pasquier', 'Carlier', 'Laporte',
];

export const FR_TRADES = [
  'Boulangerie', 'Plomberie', 'Menuiserie', 'Transports', 'Garage', 'Imprimerie', 'Pharmacie', 'Cabinet', 'Agence',
  'Atelier', 'Électricité', 'Maçonnerie', 'Traiteur', 'Librairie', 'Fromagerie', 'Quincaillerie', 'Conseil', 'Informatique',
  'Nettoyage', 'Bâtiment', 'Pâtisserie', 'Hôtel', 'Restaurant', 'Caves', 'Éditions', 'Laboratoire', 'Peinture', 'Charpente',
  'Paysages', 'Fleurs', 'Optique', 'Couverture', 'Chauffage', 'Carrosserie', 'Architecture', 'Expertise Comptable',
];

export const FR_PLACES = [
  'Lyon', 'Marseille', 'Bordeaux', 'Toulouse', 'Nantes', 'Lille', 'Rennes', 'Grenoble', 'Dijon', 'Angers', 'Nîmes', 'Brest',
  'Limoges', 'Amiens', 'Perpignan', 'Metz', 'Besançon', 'Orléans', 'Rouen', 'Caen', 'Nancy', 'Avignon', 'Poitiers', 'Pau',
  'La Rochelle', 'Saint-Étienne', 'Aix-en-Provence', 'Clermont-Ferrand', 'Montpellier', 'Strasbourg', "Côte d'Azur",
  'Val-de-Loire', 'Sud-Ouest', 'Île-de-France', 'Pays Basque', 'Haute-Savoie',
];

export const FR_LONG_TRADES = [
  'Entreprise Générale de Bâtiment', 'Cabinet de Conseil en Gestion', 'Bureau d’Études Techniques', 'Atelier de Menuiserie',
  'Transports Frigorifiques', 'Nettoyage Industriel', 'Distribution Électrique', 'Laboratoire d’Analyses',
];

export const FR_LEGAL_FORMS = ['SARL', 'SARL', 'SARL', 'SAS', 'SAS', 'SAS', 'SASU', 'SA', 'EURL', 'EURL', 'SNC', 'SCI', 'S.A.R.L.'];

export const DK_SURNAMES = [
  'Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen',
  'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Christiansen', 'Poulsen', 'Johansen', 'Møller', 'Mortensen',
  'Knudsen', 'Jakobsen', 'Mikkelsen', 'Frederiksen', 'Laursen', 'Henriksen', 'Lund', 'Schmidt', 'Eriksen', 'Holm',
  'Clausen', 'Simonsen', 'Svendsen', 'Andreasen', 'Iversen', 'Jeppesen', 'Mogensen', 'Vestergaard', 'Nissen', 'Lauridsen',
  'Jespersen', 'Kjær', 'Søndergaard', 'Dahl', 'Bruun', 'Østergaard', 'Nørgaard', 'Bech', 'Bak', 'Høj', 'Kjærgaard',
  'Lindberg', 'Friis', 'Brandt', 'Krogh', 'Skov', 'Ravn', 'Juhl', 'Bisgaard', 'Lykke', 'Toft', 'Gade', 'Winther', 'Bach',
  'Brøndum', 'Hedegaard', 'Fogh', 'Kirkegaard', 'Bonde', 'Aagaard', 'Damgaard', 'Sloth', 'Thygesen', 'Overgaard',
];

export const DK_TRADES = [
  'Tømrer', 'VVS', 'Murer', 'Maler', 'El-service', 'Rengøring', 'Bageri', 'Autoværksted', 'Revision', 'Transport',
  'Byggemarked', 'Anlægsgartner', 'Blomster', 'Isenkram', 'Kontorservice', 'IT-Konsulent', 'Tandklinik', 'Frisør',
  'Vinhandel', 'Trykkeri', 'Smedeværksted', 'Køleteknik', 'Låsesmed', 'Glarmester', 'Entreprenør', 'Tagdækning',
];

export const DK_PLACES = [
  'Aarhus', 'Aalborg', 'Odense', 'København', 'Esbjerg', 'Vejle', 'Horsens', 'Randers', 'Kolding', 'Silkeborg', 'Næstved',
  'Herning', 'Roskilde', 'Viborg', 'Fredericia', 'Holstebro', 'Sønderborg', 'Svendborg', 'Østjylland', 'Vestjylland',
  'Nordsjælland', 'Fyn', 'Sydjylland', 'Skanderborg', 'Haderslev', 'Hillerød', 'Frederikshavn', 'Helsingør', 'Ringkøbing',
];

export const DK_LONG_TRADES = [
  'Tømrer- og Snedkerforretning', 'Murer- og Entreprenørfirma', 'Vognmandsforretning og Transport',
  'Rengørings- og Vinduespudsningsservice', 'Revisions- og Rådgivningsfirma', 'El-installations- og Serviceselskab',
];

export const DK_LEGAL_FORMS = ['ApS', 'ApS', 'ApS', 'ApS', 'ApS', 'A/S', 'A/S', 'IVS', 'I/S', 'K/S', 'P/S'];

export const FR_FIRST_NAMES = ['M. Durand', 'Mme Lambert', 'M. Rousseau', 'Mme Faure', 'M. Mercier', 'Mme Colin', 'M. Lopez', 'Mme Roy'];
export const DK_FIRST_NAMES = ['Mette Hansen', 'Lars Nielsen', 'Anne Sørensen', 'Jens Mikkelsen', 'Pia Holm', 'Søren Dahl'];
export const FR_SHOPS = ['CARREFOUR', 'TOTAL ACCESS', 'LEROY MERLIN', 'AMAZON PAYMENTS', 'SNCF INTERNET', 'BUREAU VALLEE', 'AUCHAN', 'UBER'];
export const DK_SHOPS = ['NETTO', 'BILKA', 'Q8', 'SILVAN', 'DSB', 'IKEA', 'STARK', 'CIRCLE K'];
export const MONTHS_FR = ['JANVIER', 'FEVRIER', 'MARS', 'AVRIL', 'MAI', 'JUIN', 'JUILLET', 'AOUT', 'SEPTEMBRE', 'OCTOBRE', 'NOVEMBRE', 'DECEMBRE'];
export const MONTHS_DK = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

/** Round amounts in whole units: several open items share them (rents, subscriptions, deposits). */
export const FR_ROUND = [50, 100, 120, 150, 200, 250, 300, 400, 500, 600, 750, 800, 1000, 1200, 1500, 2000, 2500, 3000, 5000];
export const DK_ROUND = [250, 500, 750, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000, 7500, 10000, 15000, 25000];
