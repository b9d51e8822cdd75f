/* tools.c - the table of agent tools (tool.h). A walk tries a directory against each in this order: a Hermes home
 * first (a Dify directory never looks like one, and most homes then cost no read), then a Dify deployment, then
 * Claude Code's .claude directory and Codex CLI's .codex (known by their names). */
#include "tool.h"

extern const qw_tool qw_tool_hermes, qw_tool_dify, qw_tool_appenv, qw_tool_claude, qw_tool_codex;
extern const qw_tool qw_tool_opencode; /* its opencode.json is a file: found by the walk and discover_file.c */

const qw_tool *const qw_tools[] = {&qw_tool_hermes, &qw_tool_dify, &qw_tool_claude, &qw_tool_codex, &qw_tool_opencode,
				   &qw_tool_appenv, NULL};
