// The part of the WebAssembly JS API the emulator uses. Under the root tsconfig the DOM library
// declares it; emulator/tsconfig.json leaves the DOM out, so it is declared here for that check only.
declare namespace WebAssembly {
  interface Memory { readonly buffer: ArrayBuffer; grow(delta: number): number }
  interface Module {}
  interface Instance { readonly exports: Record<string, unknown> }
  interface WebAssemblyInstantiatedSource { module: Module; instance: Instance }
  function compile(bytes: BufferSource): Promise<Module>;
  function compileStreaming(source: Response | PromiseLike<Response>): Promise<Module>;
  function instantiate(module: Module, imports?: Record<string, Record<string, unknown>>): Promise<Instance>;
}
type BufferSource = ArrayBufferView | ArrayBuffer;
