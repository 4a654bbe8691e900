#ifndef TG_COMPLIANCE_CLASSIFY_H
#define TG_COMPLIANCE_CLASSIFY_H

/*
 * Data classification for PCI scoping (`terragon classify`): which classes
 * of regulated data a file's bytes hold, each match confirmed by its
 * validator, never by shape alone:
 *   - IBAN: country code, check digits, the country's length, mod 97 = 1;
 *   - US SSN: AAA-GG-SSSS, area not 000, 666 or 9xx, group not 00, serial not 0000;
 *   - e-mail addresses and E.164 phone numbers (+ then 8 to 15 digits, no
 *     leading 0): counted in every file, a class of the file only in bulk
 *     (TG_CLASSIFY_BULK or more), as one address in a README is no data set.
 * Card numbers are the rule packs' (compliance.card-number).
 */

#include <stddef.h>

enum tg_data_class { TG_DATA_IBAN, TG_DATA_SSN, TG_DATA_EMAIL, TG_DATA_PHONE, TG_DATA_CLASSES };

#define TG_CLASSIFY_BULK 10

struct tg_classification {
	size_t count[TG_DATA_CLASSES];
};

/* "iban", "ssn", "email", "phone". */
const char *tg_data_class_name(enum tg_data_class c);
/* Counts each class's validated matches in data[0..len). */
void tg_classify(const unsigned char *data, size_t len, struct tg_classification *out);
/* Whether the file holds class c: any IBAN or SSN, e-mails and phones in bulk. */
int tg_classification_holds(const struct tg_classification *k, enum tg_data_class c);

/* The validators on their own (text of exactly n bytes). */
int tg_iban_valid(const char *s, size_t n); /* no spaces */
int tg_ssn_valid(const char *s, size_t n);  /* "AAA-GG-SSSS" */

#endif
