/*
 * server.c - a TCP server, the first half of the hartnet lab sheet.
 *
 * What it does, step by step:
 *   1. socket()  - ask the kernel for a TCP/IPv4 socket (a file descriptor).
 *   2. bind()    - attach it to a port on every local address (0.0.0.0:PORT).
 *   3. listen()  - turn it into a "listening" socket that queues incoming connections.
 *   4. accept()  - wait for a client; the kernel has done the TCP three-way handshake and gives
 *                  us a NEW socket connected to that one client.
 *   5. recv()    - read the client's message and print it.
 *   6. send()    - reply "Message received".
 *   7. close()   - hang up on that client, then go back to step 4 for the next one.
 *
 * Usage:
 *   server [--once] [PORT]      PORT defaults to 8080
 *   --once   serve one client and exit (exactly like the lab sheet's program)
 * Stop it with Ctrl-C.
 *
 * Try it:   node1$ server            node2$ client node1
 *           Watch the packets in the page's capture view while the client connects.
 */
#include <arpa/inet.h>   /* inet_ntop, htons */
#include <errno.h>
#include <netinet/in.h>  /* struct sockaddr_in, INADDR_ANY */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>  /* socket, bind, listen, accept, recv, send */
#include <unistd.h>      /* close */

#define DEFAULT_PORT 8080
#define BUFFER_SIZE 1024
#define REPLY "Message received"

static void usage(void)
{
	fprintf(stderr, "usage: server [--once] [PORT]\n");
	exit(2);
}

/* Serve one connected client: read one message, print it, reply. Returns 0 on success. */
static int serve_client(int client_fd, const struct sockaddr_in *peer)
{
	char who[INET_ADDRSTRLEN];
	char buffer[BUFFER_SIZE];

	inet_ntop(AF_INET, &peer->sin_addr, who, sizeof who);
	printf("Client connected from %s:%d\n", who, ntohs(peer->sin_port));

	/* recv() returns how many bytes arrived (0 means the client closed the connection).
	 * Keep one byte free for the '\0' that makes the buffer a C string. */
	ssize_t n = recv(client_fd, buffer, sizeof buffer - 1, 0);
	if (n < 0) {
		perror("recv");
		return -1;
	}
	buffer[n] = '\0';
	/* Drop a trailing newline (e.g. from `echo hi | nc node1 8080`) so the output is tidy. */
	while (n > 0 && (buffer[n - 1] == '\n' || buffer[n - 1] == '\r'))
		buffer[--n] = '\0';
	printf("Received message: %s\n", buffer);

	if (send(client_fd, REPLY, strlen(REPLY), 0) < 0) {
		perror("send");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int once = 0;
	int port = DEFAULT_PORT;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--once") == 0) {
			once = 1;
		} else if (argv[i][0] >= '0' && argv[i][0] <= '9') {
			port = atoi(argv[i]);
			if (port <= 0 || port > 65535)
				usage();
		} else {
			usage();
		}
	}

	/* Print lines as soon as they are complete, even when stdout is a pipe or a file. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* 1. A TCP (SOCK_STREAM) socket for IPv4 (AF_INET). */
	int listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	if (listen_fd < 0) {
		perror("socket");
		return 1;
	}

	/* Allow restarting the server at once: without SO_REUSEADDR, bind() fails for about a
	 * minute after a previous server on this port exits (its connections sit in TIME_WAIT). */
	int yes = 1;
	setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);

	/* 2. Bind to 0.0.0.0:port. Port numbers go on the wire in network byte order: htons(). */
	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_ANY);
	addr.sin_port = htons((unsigned short)port);
	if (bind(listen_fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		perror("bind");
		return 1;
	}

	/* 3. Listen, with room for 8 connections waiting to be accepted. */
	if (listen(listen_fd, 8) < 0) {
		perror("listen");
		return 1;
	}
	printf("Server listening on port %d\n", port);

	for (;;) {
		/* 4. Wait for a client. */
		struct sockaddr_in peer;
		socklen_t peer_len = sizeof peer;
		int client_fd = accept(listen_fd, (struct sockaddr *)&peer, &peer_len);
		if (client_fd < 0) {
			if (errno == EINTR)
				continue;
			perror("accept");
			return 1;
		}

		/* 5 and 6. */
		serve_client(client_fd, &peer);

		/* 7. Hang up on this client. */
		close(client_fd);
		if (once)
			break;
	}

	close(listen_fd);
	return 0;
}
