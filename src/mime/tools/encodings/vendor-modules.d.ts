// Types for the two small libraries (both by the nodemailer author) that ship none.

declare module 'libbase64' {
  const libbase64: {
    encode(data: Buffer | string): string;
    decode(text: string): Buffer;
    /** Breaks base64 text into lines of `lineLength` characters joined by CRLF. */
    wrap(text: string, lineLength?: number): string;
  };
  export default libbase64;
}

declare module 'libqp' {
  const libqp: {
    encode(data: Buffer | string): string;
    decode(text: string): Buffer;
    wrap(text: string, lineLength?: number): string;
  };
  export default libqp;
}
