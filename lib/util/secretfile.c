/*
 * secretfile: a secret's file, read with its mode checked (the rules are
 * in secretfile.h).  The mode is read from the open descriptor, so the
 * file checked is the file read.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "secretfile.h"

bool
secretfile_read(const char *path, char buf[SECRETFILE_MAX + 1], size_t *len,
    const char **err)
{
	struct stat	 st;
	ssize_t		 n;
	int		 fd;

	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*err = strerror(errno);
		return false;
	}
	if (fstat(fd, &st) == -1 || (st.st_mode & 077) != 0) {
		close(fd);
		*err = "readable by others than its owner (chmod 600)";
		return false;
	}
	n = read(fd, buf, SECRETFILE_MAX);
	close(fd);
	if (n <= 0) {
		*err = "empty or unreadable";
		return false;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if ((*len = strlen(buf)) == 0) {
		*err = "empty";
		return false;
	}
	return true;
}
