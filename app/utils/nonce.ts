import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of this response (server rendering only). Scripts carry it;
 * the policy allows no other inline script. In the browser the value is empty, as browsers hide
 * nonces from the page.
 */
export const NonceContext = createContext<string>("");
export const useNonce = () => useContext(NonceContext);
