/*
 * client.c - a TCP client, the second half of the hartnet lab sheet.
 *
 * What it does, step by step:
 *   1. Find the server's IPv4 address from its name (node1 -> 10.0.0.1, via /etc/hosts).
 *   2. socket()   - ask the kernel for a TCP/IPv4 socket.
 *   3. connect()  - the kernel performs the TCP three-way handshake (SYN, SYN-ACK, ACK).
 *   4. send()     - send our message.
 *   5. recv()     - wait for the server's reply and print it.
 *   6. close()    - the kernel ends the connection (FIN, ACK).
 *
 * Usage:
 *   client HOST [PORT] [MESSAGE]     PORT defaults to 8080, MESSAGE to "Hello from Client"
 *   HOST is a name from /etc/hosts (node1, node2, ...) or a dotted address (10.0.0.1).
 * Exits with status 1 and a message if the server cannot be reached or does not answer in time.
 */
#include <arpa/inet.h>   /* inet_aton, htons */
#include <errno.h>
#include <netdb.h>       /* getaddrinfo */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>     /* strcasecmp */
#include <sys/socket.h>
#include <sys/time.h>    /* struct timeval for the timeouts */
#include <unistd.h>

#define DEFAULT_PORT 8080
#define DEFAULT_MESSAGE "Hello from Client"
#define BUFFER_SIZE 1024
#define TIMEOUT_SECONDS 10

/*
 * Look NAME up in /etc/hosts ourselves. Lines look like "10.0.0.1   node1 alias ...".
 * A statically linked program cannot always load glibc's name-service modules, so this is
 * our fallback when getaddrinfo() fails. Returns 0 and fills *out when found.
 */
static int lookup_etc_hosts(const char *name, struct in_addr *out)
{
	FILE *f = fopen("/etc/hosts", "r");
	if (!f)
		return -1;
	char line[512];
	int found = -1;
	while (found != 0 && fgets(line, sizeof line, f)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';                       /* ignore comments */
		char *save = NULL;
		char *addr = strtok_r(line, " \t\r\n", &save);
		if (!addr)
			continue;                           /* empty line */
		struct in_addr a;
		if (inet_aton(addr, &a) == 0)
			continue;                           /* an IPv6 line such as "::1 localhost" */
		for (char *n = strtok_r(NULL, " \t\r\n", &save); n; n = strtok_r(NULL, " \t\r\n", &save)) {
			if (strcasecmp(n, name) == 0) {
				*out = a;
				found = 0;
				break;
			}
		}
	}
	fclose(f);
	return found;
}

/* Step 1: turn HOST into an IPv4 address. Returns 0 on success. */
static int resolve(const char *host, struct in_addr *out)
{
	/* A dotted quad such as 10.0.0.1 needs no lookup at all. */
	if (inet_aton(host, out))
		return 0;

	/* The standard way: getaddrinfo() asks the resolver (files, then DNS). */
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &res) == 0 && res) {
		*out = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
		freeaddrinfo(res);
		return 0;
	}

	/* The fallback for a static binary: read /etc/hosts directly. */
	return lookup_etc_hosts(host, out);
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 4 || strcmp(argv[1], "--help") == 0) {
		fprintf(stderr, "usage: client HOST [PORT] [MESSAGE]\n");
		return 2;
	}
	const char *host = argv[1];
	int port = argc > 2 ? atoi(argv[2]) : DEFAULT_PORT;
	const char *message = argc > 3 ? argv[3] : DEFAULT_MESSAGE;
	if (port <= 0 || port > 65535) {
		fprintf(stderr, "client: bad port '%s'\n", argv[2]);
		return 2;
	}

	/* 1. Name -> address. */
	struct sockaddr_in server;
	memset(&server, 0, sizeof server);
	server.sin_family = AF_INET;
	server.sin_port = htons((unsigned short)port);
	if (resolve(host, &server.sin_addr) != 0) {
		fprintf(stderr, "client: unknown host '%s' (not an address, not in /etc/hosts)\n", host);
		return 1;
	}

	/* 2. A TCP socket. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}

	/* Give up instead of hanging forever: these timeouts apply to connect(), send() and recv(). */
	struct timeval tv = { .tv_sec = TIMEOUT_SECONDS, .tv_usec = 0 };
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

	/* 3. Connect: the TCP handshake happens here. */
	if (connect(fd, (struct sockaddr *)&server, sizeof server) < 0) {
		int e = errno;
		fprintf(stderr, "client: cannot connect to %s (%s) port %d: %s\n", host,
			inet_ntoa(server.sin_addr), port,
			e == EINPROGRESS || e == EAGAIN ? "timed out" : strerror(e));
		close(fd);
		return 1;
	}

	/* 4. Send the message. */
	if (send(fd, message, strlen(message), 0) < 0) {
		perror("client: send");
		close(fd);
		return 1;
	}

	/* 5. Wait for the reply. */
	char buffer[BUFFER_SIZE];
	ssize_t n = recv(fd, buffer, sizeof buffer - 1, 0);
	if (n < 0) {
		int e = errno;
		fprintf(stderr, "client: no reply from %s: %s\n", host,
			e == EAGAIN || e == EWOULDBLOCK ? "timed out" : strerror(e));
		close(fd);
		return 1;
	}
	buffer[n] = '\0';
	printf("Server response: %s\n", buffer);

	/* 6. Hang up. */
	close(fd);
	return 0;
}
