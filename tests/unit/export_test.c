/* Export formats chosen by file name (the UI's :write FILE). */
#include "autoconfig.h"

#include "check.h"
#include "proftop/export.h"

int main(void)
{
	CHECK("callgrind.out.1234 is callgrind", export_format_for("callgrind.out.1234") == EXPORT_CALLGRIND);
	CHECK("dir/callgrind.out is callgrind", export_format_for("/tmp/x/callgrind.out") == EXPORT_CALLGRIND);
	CHECK("*.callgrind is callgrind", export_format_for("run.callgrind") == EXPORT_CALLGRIND);
	CHECK("*.cg is callgrind", export_format_for("run.cg") == EXPORT_CALLGRIND);
	CHECK("*.prof is pstats", export_format_for("run.prof") == EXPORT_PSTATS);
	CHECK("*.pstats is pstats", export_format_for("run.pstats") == EXPORT_PSTATS);
	CHECK("a directory named callgrind.out is not the file", export_format_for("callgrind.out/run.prof") == EXPORT_PSTATS);
	CHECK("no extension is pstats", export_format_for("out") == EXPORT_PSTATS);
	return CHECK_DONE();
}
