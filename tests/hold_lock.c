/*
 * hold_lock.c - stands in for Hermes in the lock tests: takes auth.lock the way Hermes's Python can (flock(2) or
 * a POSIX record lock through fcntl), says "locked" on stdout, optionally rewrites a file while holding the lock
 * (a concurrent writer), sleeps, and releases it by exiting.
 *   hold_lock LOCK flock|fcntl SECONDS [FILE TEXT]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc != 4 && argc != 6) {
		fprintf(stderr, "usage: hold_lock LOCK flock|fcntl SECONDS [FILE TEXT]\n");
		return 2;
	}
	int fd = open(argv[1], O_RDWR | O_CREAT, 0600);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	if (!strcmp(argv[2], "flock")) {
		if (flock(fd, LOCK_EX) != 0) {
			perror("flock");
			return 1;
		}
	} else {
		struct flock fl = {0};
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fcntl(fd, F_SETLKW, &fl) != 0) {
			perror("fcntl");
			return 1;
		}
	}
	printf("locked\n");
	fflush(stdout);
	/* the concurrent write happens a moment later, while qwlint is already waiting */
	if (argc == 6) {
		usleep(300 * 1000);
		FILE *f = fopen(argv[4], "w");
		if (!f || fputs(argv[5], f) == EOF || fclose(f) != 0) {
			perror(argv[4]);
			return 1;
		}
	}
	sleep((unsigned)atoi(argv[3]));
	return 0;
}
