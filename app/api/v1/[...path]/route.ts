import { ApiError, apiRoute } from "@/lib/api/http";

// Any other path under /api/v1: Clerk's envelope rather than an HTML 404 page.
const notFound = apiRoute<{ path: string[] }>(async (request) => {
  throw new ApiError(
    404,
    "resource_not_found",
    `${request.method} ${new URL(request.url).pathname} is not an endpoint of this API.`,
  );
});

export { notFound as GET, notFound as POST, notFound as PATCH, notFound as PUT, notFound as DELETE };
