/* The archive member list (src/tui/members.c). */
#ifndef PROFTOP_MEMBERS_H
#define PROFTOP_MEMBERS_H

#include "proftop/options.h"
#include "proftop/tui.h"

/* With one archive of several dumps on the command line, shows its member
 * list over the table (which holds them all, merged).  0, or -1 when out of
 * memory. */
int tui_members_start(struct tui *t, const struct options *o);

#endif
