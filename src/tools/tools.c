/* tools.c - the table of agent tools (tool.h). A walk tries a directory against each in this order: a Hermes home
 * first (a Dify directory never looks like one, and most homes then cost no read), then a Dify deployment, then
 * Claude Code's .claude directory, Codex CLI's .codex, Qwen Code's .qwen and OpenClaw's .openclaw (known by their
 * names, which no other tool's directory has, so their order among themselves does not matter and trying them costs
 * no read; after Hermes and Dify, whose tests read content, so that what either took before it still takes).
 * OpenClaw's openclaw.json named alone is taken by its name, which no other tool claims. */
#include "tool.h"

extern const qw_tool qw_tool_hermes, qw_tool_dify, qw_tool_appenv, qw_tool_claude, qw_tool_codex, qw_tool_qwen;
extern const qw_tool qw_tool_openclaw;
extern const qw_tool qw_tool_opencode; /* its opencode.json is a file: found by the walk and discover_file.c */

const qw_tool *const qw_tools[] = {&qw_tool_hermes, &qw_tool_dify,	  &qw_tool_claude, &qw_tool_codex,
				   &qw_tool_qwen,   &qw_tool_openclaw, &qw_tool_opencode, &qw_tool_appenv, NULL};
