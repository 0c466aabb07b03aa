/* The table's view-model, actions and line editor, without a terminal. */
#include "config.h"
int main(void) { return 0; }
