/** The request and the answer every HTTP layer passes on: plain data, no connection. */

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** A form body, for POST. */
  body?: string;
  /** Longest body accepted; a longer one is a `protocol` error. */
  maxBodyBytes: number;
  /** Time allowed for this request, connect to last body byte; the transport's `timeoutMs` when absent. */
  timeoutMs?: number;
}

export interface HttpResponse {
  url: string;
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Set by the authentication layer: whether the request carried authorization obtained with credentials. */
  credentialsSent?: boolean;
}
