#ifndef INFA_MODEL_DUMP_H
#define INFA_MODEL_DUMP_H

#include "model.h"

/* Canonical text of every fact in the model. Caller must free with free(). */
char *infa_model_dump(const infa_model *m);

#endif
